"""Who: accounts and passwords, the team around each child, consent to share, personal API tokens."""
