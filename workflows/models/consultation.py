"""Models of the consultation part of the workflows app."""
