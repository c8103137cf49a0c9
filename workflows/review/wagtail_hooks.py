"""Admin hooks of the review part."""
