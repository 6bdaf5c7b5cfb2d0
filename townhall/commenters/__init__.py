"""Visitors who comment on public articles: the form, external sign-in, moderation."""
