"""Pages for courses."""
