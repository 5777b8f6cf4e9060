"""Turns releases and opinion summaries into a reading room."""
