"""The processes a case goes through: referrals and the EHC needs assessment (this round's work lands here)."""
