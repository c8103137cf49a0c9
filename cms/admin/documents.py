"""Admin views and hooks of the governed document library."""
