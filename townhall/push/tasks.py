"""Push tasks: one per browser, so a failing device never delays or repeats the others."""

from townhall.core.outbound import OutboundRefused
from townhall.core.tasks import enqueue_after_commit, retrying_task
from townhall.push.delivery import deliver
from townhall.push.models import PushSubscription


def push_to_person(person_id: int, *, title: str, body: str, url: str, tag: str = "") -> int:
    """Queue a notification for every browser the person subscribed; returns how many."""
    payload = {"title": title, "body": body, "url": url, "tag": tag}
    ids = list(PushSubscription.objects.filter(person_id=person_id).values_list("pk", flat=True))
    for subscription_id in ids:
        enqueue_after_commit(push_to_subscription, subscription_id, payload)
    return len(ids)


@retrying_task()
def push_to_subscription(subscription_id: int, payload: dict, *, attempt: int = 1) -> str:
    subscription = PushSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return "unsubscribed"
    try:
        return deliver(subscription, payload)
    except OutboundRefused:
        subscription.delete()  # an endpoint we may never reach is of no use; logged by outbound
        return "refused"
