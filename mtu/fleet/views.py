"""Pages for fleet."""
