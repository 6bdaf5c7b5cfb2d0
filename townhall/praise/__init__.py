"""Recognising colleagues with a message and a badge."""
