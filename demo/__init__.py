"""Demo and generated data: a demo school's teams and a generator for benchmarks.

This package names the built-in agencies and plans openly, so it depends on the
built-in plugins; the core names none.
"""
