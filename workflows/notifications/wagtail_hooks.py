"""Admin hooks of the notifications part."""
