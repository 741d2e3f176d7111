"""Outgoing notes verbales: numbered, worded in the mission's language, rendered to PDF."""
