"""Meetings: booking, finding a time, availability and rotas, iCalendar invites and feeds, report requests."""
