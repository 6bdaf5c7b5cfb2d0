"""Periodic work of integrations (run by townhall.core.schedule)."""

from townhall.core.schedule import every
from townhall.integrations.tasks import deliver_webhook
from townhall.integrations.webhooks import due_delivery_ids


@every(minutes=1)
def send_due_webhook_deliveries() -> int:
    """Enqueue every webhook delivery whose next attempt is due (retries, lost tasks)."""
    ids = due_delivery_ids()
    for delivery_id in ids:
        deliver_webhook.enqueue(delivery_id)
    return len(ids)
