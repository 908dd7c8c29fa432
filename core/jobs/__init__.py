"""The one job queue in the database, with a retry policy per kind of job (this round's work lands here)."""
