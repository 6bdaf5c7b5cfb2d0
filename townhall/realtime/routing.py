"""The ASGI application of the realtime process: WebSockets at /ws/, a status at /ws/health.

Pages are served by the WSGI workers; this process only holds sockets (see docs/realtime.md
for the load-balancer rule that sends /ws/ here).
"""

import json

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.urls import path

from townhall.realtime.hub import get_hub
from townhall.realtime.sockets import RealtimeSocket

websocket_application = AuthMiddlewareStack(URLRouter([path("ws/", RealtimeSocket.as_asgi())]))


async def http_application(scope, receive, send):
    """GET /ws/health answers how this process hears of events; anything else is a 404."""
    if scope["path"] == "/ws/health":
        status, body = 200, json.dumps(get_hub().status()).encode()
    else:
        status, body = 404, b'{"detail": "This process serves WebSockets at /ws/ only."}'
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"cache-control", b"no-store")],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def lifespan_application(scope, receive, send):
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await get_hub().stop()
            await send({"type": "lifespan.shutdown.complete"})
            return
