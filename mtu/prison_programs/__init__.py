"""Prison partnership programmes and their partner agencies (programmes arrive later)."""
