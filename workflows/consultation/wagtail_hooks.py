"""Admin hooks of the consultation part."""
