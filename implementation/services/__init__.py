"""Domain operations of the implementation app (public functions used by views, demo and tests)."""
