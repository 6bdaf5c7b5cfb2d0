"""The webhooks consumer of the outbox (townhall.events.outbox)."""

from townhall.events.outbox import consumer
from townhall.integrations.actions import queue_event


@consumer("webhooks")
def queue_webhook_deliveries(event) -> None:
    """Queue a delivery to every webhook that subscribed to this event and may hear it."""
    queue_event(event)
