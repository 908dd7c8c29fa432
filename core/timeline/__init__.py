"""The shared timeline: posting and reading entries, assessments, the chronology."""
