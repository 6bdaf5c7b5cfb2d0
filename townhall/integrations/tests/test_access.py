"""The integrations permission pairs agree, persona by persona."""

import pytest

from townhall.access.integrations import (
    can_view_bot,
    can_view_webhook,
    visible_bots,
    visible_webhooks,
    webhook_may_hear,
    webhooks_hearing,
)
from townhall.accounts.actions import deactivate_user
from townhall.groups.actions import join_group
from townhall.integrations import actions
from townhall.integrations.models import Webhook

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.com/in"


@pytest.fixture(autouse=True)
def _public_dns(settings, monkeypatch):
    """hooks.example.com answers with a public address, without asking real DNS."""
    import socket

    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "hooks.example.com":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def world(make_user, admin_user, group_of):
    owner = make_user("olga")
    public = group_of(owner, "Kitchen")
    private = group_of(owner, "Pay", kind="private")
    secret = group_of(owner, "Reorg", kind="secret")
    hooks = {
        "org": actions.create_webhook(actor=admin_user, name="o", url=URL, events=["post.created"])[
            0
        ]
    }
    for name, group in (("public", public), ("private", private), ("secret", secret)):
        hooks[name] = actions.create_webhook(
            actor=owner, name=name, url=URL, events=["post.created"], group=group
        )[0]
    bot, _token = actions.create_bot(actor=owner, group=secret, name="CI")
    plain = make_user("pia")
    join_group(actor=plain, group=public)
    gone = make_user("gus", role="admin")
    deactivate_user(actor=admin_user, person=gone)
    return {
        "admin": admin_user,
        "owner": owner,
        "plain": plain,
        "gone": gone,
        "hooks": hooks,
        "bot": bot,
        "groups": {"org": None, "public": public, "private": private, "secret": secret},
    }


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("admin", {"org"}),
        ("owner", {"public", "private", "secret"}),
        ("plain", set()),
        ("gone", set()),
    ],
)
def test_who_manages_which_webhook_check_and_filter_agree(world, persona, expected):
    actor = world[persona]
    by_check = {name for name, hook in world["hooks"].items() if can_view_webhook(actor, hook)}
    by_filter = {
        name
        for name, hook in world["hooks"].items()
        if visible_webhooks(actor).filter(pk=hook.pk).exists()
    }
    assert by_check == by_filter == expected
    assert visible_bots(actor).exists() == can_view_bot(actor, world["bot"]) == (persona == "owner")


@pytest.mark.parametrize(
    "content_in, expected",
    [
        ("org", {"org"}),
        ("public", {"org", "public"}),
        ("private", {"private"}),
        ("secret", {"secret"}),
    ],
)
def test_what_each_webhook_hears_check_and_filter_agree(world, content_in, expected):
    group = world["groups"][content_in]
    by_check = {name for name, hook in world["hooks"].items() if webhook_may_hear(hook, group)}
    by_filter = {
        name
        for name, hook in world["hooks"].items()
        if webhooks_hearing(group).filter(pk=hook.pk).exists()
    }
    assert by_check == by_filter == expected
    Webhook.objects.update(active=False)
    assert not webhooks_hearing(group).exists()
    assert not any(webhook_may_hear(h, group) for h in Webhook.objects.all())
