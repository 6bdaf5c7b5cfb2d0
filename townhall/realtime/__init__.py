"""WebSocket consumers (Django Channels) in the thin ASGI process."""
