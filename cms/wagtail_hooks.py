"""Admin registrations of the content app (snippets, documents, menus)."""
