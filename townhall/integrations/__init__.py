"""Outgoing webhooks and bots."""
