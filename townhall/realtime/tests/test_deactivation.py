"""Deactivating someone (by an admin, or by the identity provider through SCIM) closes their
open sockets at once with 4401, whichever way the realtime process hears of events."""

import json
import os

import pytest
from channels.db import database_sync_to_async as db
from django.test import Client

from townhall.accounts import actions as accounts
from townhall.identity import actions as identity
from townhall.posts import actions as posts
from townhall.realtime import hub as hubs
from townhall.realtime.tests.conftest import connect, next_message, run
from townhall.realtime.tests.test_redis import Proxy, quick_recovery, wait_for_mode  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


async def closed_with(socket, seconds: float = 5) -> int | None:
    """The close code the server sent, skipping any message sent before it."""
    while True:
        output = await socket.receive_output(timeout=seconds)
        if output["type"] == "websocket.close":
            return output.get("code")


def test_an_admin_deactivating_bo_closes_every_socket_he_has_open(office, admin_user):
    post = posts.create_post(actor=office.aria, body="Where do we meet?")

    async def scenario():
        feed = await connect(office.bo, "feed=1")
        thread = await connect(office.bo, f"post={post.pk}")
        aria = await connect(office.aria, "feed=1")
        await db(accounts.deactivate_user)(actor=admin_user, person=office.bo)
        assert await closed_with(feed) == 4401
        assert await closed_with(thread) == 4401
        # Aria's socket stays open and keeps hearing of new posts.
        later = await db(posts.create_post)(actor=office.olga, body="Still here")
        assert (await next_message(aria))["post"] == later.pk
        await aria.disconnect()

    run(scenario)


def test_scim_deprovisioning_closes_the_persons_open_socket(office, admin_user):
    _token, secret = identity.issue_scim_token(actor=admin_user, name="Entra ID")

    def scim_delete():
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client.delete(f"/scim/v2/Users/{office.bo.pk}").status_code

    def scim_deactivate():
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        body = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"active": False}}],
        }
        response = client.patch(
            f"/scim/v2/Users/{office.aria.pk}",
            json.dumps(body),
            content_type="application/scim+json",
        )
        return response.status_code

    async def scenario():
        bo = await connect(office.bo, "feed=1")
        aria = await connect(office.aria, "feed=1")
        assert await db(scim_delete)() == 204
        assert await closed_with(bo) == 4401
        assert await db(scim_deactivate)() == 200
        assert await closed_with(aria) == 4401

    run(scenario)


@pytest.mark.redis
@pytest.mark.usefixtures("quick_recovery")
def test_through_redis_a_deactivation_closes_the_socket_too(office, admin_user, settings):
    proxy = Proxy(os.environ["TOWNHALL_REDIS_URL"])

    async def scenario():
        await proxy.start()
        settings.TOWNHALL_REDIS_URL = proxy.url
        bo = await connect(office.bo, "feed=1")
        hub = hubs.get_hub()
        await wait_for_mode(hub, "redis")
        assert not hub._table_follower_running()  # so it can only come through Redis
        await db(accounts.deactivate_user)(actor=admin_user, person=office.bo)
        assert await closed_with(bo) == 4401
        await proxy.stop()

    run(scenario)
