"""ASGI entry point: the realtime (websocket) process will use it; pages are served by WSGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
application = get_asgi_application()
