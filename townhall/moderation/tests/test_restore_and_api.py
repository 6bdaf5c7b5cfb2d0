"""Showing hidden content again, and the moderation API (/api/v1/moderation/...)."""

import pytest
from django.test import Client

from townhall.accounts.tokens import create_token
from townhall.identity.models import AuditEntry
from townhall.moderation import actions
from townhall.moderation.models import Decision, Hidden, Report
from townhall.moderation.tests.conftest import signed_in
from townhall.notifications.models import Notification
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db


def report(person, target, reason="spam"):
    return actions.report_content(actor=person, target=target, reason=reason)


def hidden_post(town, *, by=None, group=None, body="Rude words"):
    post = posts.create_post(actor=town.ada, body=body, group=group)
    report(town.ben, post)
    decision = actions.decide(actor=by or town.mo, target=post, outcome="hide", note="Be kind")
    return post, decision


def api(person, scope="write") -> Client:
    _token, secret = create_token(user=person, name="moderation", scope=scope)
    return Client(headers={"Authorization": f"Bearer {secret}"})


# --- showing hidden content again ---------------------------------------------------------


def test_the_moderator_shows_hidden_content_again_and_the_author_is_told(
    town, django_capture_on_commit_callbacks
):
    post, decision = hidden_post(town)
    assert signed_in(town.ben).get(f"/posts/{post.pk}/").status_code == 404
    mo = signed_in(town.mo)
    page = mo.get(f"/moderation/decisions/{decision.pk}/").content.decode()
    assert "Show it again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = mo.post(
            f"/moderation/decisions/{decision.pk}/restore/", {"note": "Looked again: fine"}
        )
    assert response.status_code == 302
    assert not Hidden.objects.exists()
    assert signed_in(town.ben).get(f"/posts/{post.pk}/").status_code == 200
    restored = Decision.objects.get(outcome="restore")
    assert restored.moderator == town.mo and restored.note == "Looked again: fine"
    entry = AuditEntry.objects.get(action="moderation.decision", data__outcome="restore")
    assert entry.actor_id == town.mo.pk and entry.target_id == str(post.pk)
    assert entry.data["hidden_by"] == decision.pk
    told_of = Notification.objects.filter(recipient=town.ada, kind="moderation")
    assert told_of.filter(target_id=restored.pk).exists()
    inbox = signed_in(town.ada).get("/notifications/").content.decode()
    assert "A moderator showed your content again" in inbox
    told = signed_in(town.ada).get(f"/moderation/decisions/{restored.pk}/").content.decode()
    assert "show this content again" in told and "Looked again: fine" in told
    # Once shown, there is nothing left to restore.
    again = mo.post(f"/moderation/decisions/{decision.pk}/restore/")
    assert again.status_code == 404


def test_a_group_admin_shows_again_what_was_hidden_in_their_group(town):
    post, decision = hidden_post(town, by=town.gina, group=town.garden)
    response = signed_in(town.gina).post(f"/moderation/decisions/{decision.pk}/restore/")
    assert response.status_code == 302
    assert signed_in(town.ben).get(f"/posts/{post.pk}/").status_code == 200


def test_nobody_outside_the_scope_can_show_hidden_content_again(town, make_user):
    _post, decision = hidden_post(town)  # outside groups: org moderators' scope
    _vault_post, vault_decision = hidden_post(town, by=town.gina, group=town.vault)
    url = "/moderation/decisions/{}/restore/"
    # The author may read the decision but not undo it; a group admin has no say outside
    # their group; a moderator outside a secret group does not even learn of it.
    assert signed_in(town.ada).get(f"/moderation/decisions/{decision.pk}/").status_code == 200
    assert signed_in(town.ada).post(url.format(decision.pk)).status_code == 404
    assert signed_in(town.gina).post(url.format(decision.pk)).status_code == 404
    assert signed_in(town.ben).post(url.format(decision.pk)).status_code == 404
    assert signed_in(town.mo).post(url.format(vault_decision.pk)).status_code == 404
    assert (
        api(town.gina)
        .post(
            f"/api/v1/moderation/decisions/{decision.pk}/restore",
            {},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    assert Hidden.objects.count() == 2
    assert not Decision.objects.filter(outcome="restore").exists()
    page = signed_in(town.ada).get(f"/moderation/decisions/{decision.pk}/").content.decode()
    assert "Show it again" not in page


# --- the API ------------------------------------------------------------------------------


def test_moderators_list_the_open_reports_through_the_api(town):
    outside = posts.create_post(actor=town.ada, body="Company wide")
    garden = posts.create_post(actor=town.ada, body="Garden talk", group=town.garden)
    vault = posts.create_post(actor=town.ada, body="Vault plans", group=town.vault)
    for post in (outside, garden, vault):
        report(town.ben, post, "harassment")
    mo = api(town.mo, "read").get("/api/v1/moderation/reports")
    assert mo.status_code == 200
    seen = {item["excerpt"]: item for item in mo.json()}
    assert set(seen) == {"Company wide", "Garden talk"}  # no sight into the secret group
    item = seen["Company wide"]
    assert item["kind"] == "post" and item["object_id"] == outside.pk and item["exists"]
    assert item["author"]["username"] == "ada"
    assert item["reports"][0]["reason"] == "harassment"
    assert item["reports"][0]["reporter"]["username"] == "ben"
    gina = {i["excerpt"] for i in api(town.gina, "read").get("/api/v1/moderation/reports").json()}
    assert gina == {"Garden talk", "Vault plans"}  # her groups only


def test_a_member_who_moderates_nothing_finds_no_reports_in_the_api(town):
    assert api(town.ben, "read").get("/api/v1/moderation/reports").status_code == 404
    assert Client().get("/api/v1/moderation/reports").status_code == 401


@pytest.mark.parametrize(
    ("who", "outcome", "visible_after"),
    [
        ("mo", "dismiss", True),
        ("mo", "hide", False),
        ("alma", "delete", False),
        ("mo", "warn", True),
    ],
)
def test_each_decision_through_the_api_does_what_the_queue_page_does(
    town, who, outcome, visible_after
):
    post = posts.create_post(actor=town.ada, body="Reported words")
    report(town.ben, post)
    response = api(getattr(town, who)).post(
        f"/api/v1/moderation/post/{post.pk}/decision",
        {"outcome": outcome, "note": "Seen"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["outcome"] == outcome and body["object_id"] == post.pk
    assert body["moderator"]["username"] == who
    assert Report.objects.get().decision_id == body["id"]
    reader = signed_in(town.ben).get(f"/posts/{post.pk}/").status_code
    assert reader == (200 if visible_after else 404)
    assert AuditEntry.objects.filter(action="moderation.decision", data__outcome=outcome).exists()


def test_a_group_admin_decides_on_their_groups_content_through_the_api(town):
    post = posts.create_post(actor=town.ada, body="Garden talk", group=town.garden)
    report(town.ben, post)
    response = api(town.gina).post(
        f"/api/v1/moderation/post/{post.pk}/decision",
        {"outcome": "hide"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Hidden.objects.filter(object_id=post.pk).exists()


def test_deciding_outside_ones_scope_through_the_api_is_not_found(town):
    outside = posts.create_post(actor=town.ada, body="Company wide")
    vault = posts.create_post(actor=town.ada, body="Vault plans", group=town.vault)
    report(town.ben, outside)
    report(town.ben, vault)
    hide = {"outcome": "hide"}
    gina = api(town.gina).post(
        f"/api/v1/moderation/post/{outside.pk}/decision", hide, content_type="application/json"
    )
    mo = api(town.mo).post(
        f"/api/v1/moderation/post/{vault.pk}/decision", hide, content_type="application/json"
    )
    ben = api(town.ben).post(
        f"/api/v1/moderation/post/{outside.pk}/decision", hide, content_type="application/json"
    )
    assert (gina.status_code, mo.status_code, ben.status_code) == (404, 404, 404)
    assert gina.json()["code"] == "not_found"
    assert not Decision.objects.exists() and not Hidden.objects.exists()


def test_api_decisions_need_a_write_token_and_a_known_outcome(town):
    post = posts.create_post(actor=town.ada, body="Reported words")
    report(town.ben, post)
    url = f"/api/v1/moderation/post/{post.pk}/decision"
    read_only = api(town.mo, "read").post(url, {"outcome": "hide"}, content_type="application/json")
    assert read_only.status_code == 403 and read_only.json()["code"] == "insufficient_scope"
    for outcome in ("ban", "restore"):  # restoring is its own route, for hidden content
        unknown = api(town.mo).post(url, {"outcome": outcome}, content_type="application/json")
        assert unknown.status_code == 422
    page = signed_in(town.mo).post(f"/moderation/decide/post/{post.pk}/", {"outcome": "restore"})
    assert page.status_code == 302
    refused = api(town.mo).post(url, {"outcome": "delete"}, content_type="application/json")
    assert refused.status_code == 403  # moderators hide; deleting is for admins
    assert not Decision.objects.exists()
    unknown_kind = api(town.mo).post(
        f"/api/v1/moderation/poll/{post.pk}/decision",
        {"outcome": "hide"},
        content_type="application/json",
    )
    assert unknown_kind.status_code == 404


def test_a_moderator_shows_hidden_content_again_through_the_api(town):
    post, decision = hidden_post(town)
    response = api(town.mo).post(
        f"/api/v1/moderation/decisions/{decision.pk}/restore",
        {"note": "Fine after all"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["outcome"] == "restore"
    assert signed_in(town.ben).get(f"/posts/{post.pk}/").status_code == 200
