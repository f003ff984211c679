"""Pages for participants."""
