"""Polls carried by posts."""
