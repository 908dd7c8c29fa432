"""Roster import: the pupils, their parents and carers, and the staff, from the school's
management information system (a OneRoster 1.2 CSV bundle, or a plain CSV export with a
column mapping), previewed first, then applied in batches through the job queue."""
