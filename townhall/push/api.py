"""/api/v1/push: the site's VAPID key and this person's push subscriptions (one per browser).

An app that shows Townhall's notifications itself subscribes its browser or device the
same way the web page does: fetch the key, subscribe at the push service, register the
subscription here. Which kinds are pushed is a notification preference (/api/v1/notifications).
"""

from datetime import datetime

from ninja import Router, Schema, Status

from townhall.api.auth import require_scope
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.push import actions, vapid
from townhall.push.models import PushSubscription

router = Router(tags=["push"])

WRITE = {400: Error, 401: Error, 403: Error, 422: ValidationErrorOut}


class KeyOut(Schema):
    application_server_key: str


class Keys(Schema):
    p256dh: str
    auth: str


class SubscriptionIn(Schema):
    endpoint: str
    keys: Keys


class SubscriptionOut(Schema):
    id: int
    endpoint: str
    created_at: datetime
    last_sent_at: datetime | None


class EndpointIn(Schema):
    endpoint: str


@router.get("/push/key", response={200: KeyOut, 401: Error}, summary="The VAPID public key")
def key(request):
    return {"application_server_key": vapid.public_key()}


@router.get(
    "/push/subscriptions",
    response={200: list[SubscriptionOut], 401: Error},
    summary="My push subscriptions",
)
def subscriptions(request):
    return list(PushSubscription.objects.filter(person=request.auth).order_by("-created_at"))


@router.post(
    "/push/subscriptions",
    response={201: SubscriptionOut, **WRITE},
    summary="Register a browser or device",
)
def subscribe(request, body: SubscriptionIn):
    require_scope(request, "write")
    subscription = actions.subscribe(
        actor=request.auth,
        endpoint=body.endpoint,
        p256dh=body.keys.p256dh,
        auth=body.keys.auth,
        user_agent=request.headers.get("User-Agent", ""),
    )
    return Status(201, subscription)


@router.post(
    "/push/subscriptions/delete",
    response={204: None, **WRITE},
    summary="Forget a browser or device",
)
def unsubscribe(request, body: EndpointIn):
    require_scope(request, "write")
    actions.unsubscribe(actor=request.auth, endpoint=body.endpoint)
    return Status(204, None)
