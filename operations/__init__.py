"""Running Triáda in production: health endpoint, public page cache, backup and restore."""
