"""Snippet view sets of the taxonomy and planning bodies."""
