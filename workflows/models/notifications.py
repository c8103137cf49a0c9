"""Models of the notifications part of the workflows app."""
