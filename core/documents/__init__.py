"""Documents attached to a child's record: uploads, previews and bundles (this round's work lands here)."""
