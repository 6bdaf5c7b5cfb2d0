"""Announcements pinned until acknowledged, with read tracking."""
