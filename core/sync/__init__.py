"""Keeping agency systems in step: the changes feed and webhooks (this round's work lands here)."""
