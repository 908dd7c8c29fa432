"""The plan: its outcomes, strategies and provision, the readings against each target, reviews."""
