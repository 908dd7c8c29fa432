"""Teamaround's built-in agency plugins, each written as a third party would write one."""
