"""Telling people: notifications, reminders, the mail outbox, and what needs each person today."""
