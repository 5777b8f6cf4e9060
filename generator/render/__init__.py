"""Rendering the loaded reading room into pages and downloads."""
