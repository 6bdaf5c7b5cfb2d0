"""Background work of integrations: one webhook delivery attempt per task.

Webhook deliveries keep their own retry schedule (townhall.integrations.webhooks
RETRY_DELAYS: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h), so this is a plain task, not a
`retrying_task`: a failed attempt is recorded and the delivery's `next_attempt_at` set;
the periodic job in jobs.py picks it up when it is due.
"""

from django_tasks import task

from townhall.integrations.webhooks import attempt_delivery


@task()
def deliver_webhook(delivery_id: int) -> bool:
    """Attempt one due delivery. Safe to run twice: only one run claims the attempt."""
    attempt = attempt_delivery(delivery_id)
    return attempt is not None and attempt.succeeded
