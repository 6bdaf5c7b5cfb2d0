"""Installable web app (manifest, service worker, offline page) and Web Push notifications."""
