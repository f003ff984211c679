"""Pages for certificates."""
