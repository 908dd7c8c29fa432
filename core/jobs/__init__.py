"""The one job queue in the database, with a retry policy per kind of job (see :mod:`core.jobs.queue`)."""
