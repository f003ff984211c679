"""Pages for trainers."""
