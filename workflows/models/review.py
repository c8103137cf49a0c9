"""Models of the review part of the workflows app."""
