"""ASGI entry point of the realtime process (WebSockets only; pages are served by WSGI).

`townhall serve` runs it with uvicorn beside the WSGI workers (townhall.cli.realtime_server):
    python -m uvicorn --port 8001 --loop asyncio --http h11 --ws websockets-sansio \
        --ws-per-message-deflate false townhall.asgi:application
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
# Django's own ASGI handler (sets Django up before the consumers import models). Not served
# by the realtime process; bench/serving.py uses it to compare Django under ASGI and WSGI.
django_application = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from townhall.realtime.routing import (  # noqa: E402
    http_application,
    lifespan_application,
    websocket_application,
)

application = ProtocolTypeRouter(
    {
        "http": http_application,
        "websocket": websocket_application,
        "lifespan": lifespan_application,
    }
)
