"""Partner companies (the portal and placements arrive with their own issue)."""
