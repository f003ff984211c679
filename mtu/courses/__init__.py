"""The course catalogue (kejuruan); its pages arrive with the scheduling issue."""
