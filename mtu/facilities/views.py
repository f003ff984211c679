"""Pages for facilities."""
