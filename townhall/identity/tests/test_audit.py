"""The audit log: one entry per security- or administration-relevant action, append-only."""

import csv
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import Client

from townhall.accounts import actions as account_actions
from townhall.accounts.models import User
from townhall.accounts.tokens import create_token
from townhall.groups import actions as group_actions
from townhall.identity import actions as identity_actions
from townhall.identity import audit
from townhall.identity.models import AuditEntry, SignedInSession
from townhall.siteadmin.actions import update_site_settings

pytestmark = pytest.mark.django_db


def only(action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, [(e.action, e.data) for e in AuditEntry.objects.all()]
    return entries[0]


def test_a_password_sign_in_and_a_failed_one_are_recorded_with_the_ip(client, member):
    client.post("/accounts/login/", {"login": member.email, "password": "wrong-horse-1"})
    failed = only(audit.SIGN_IN_FAILED)
    assert failed.data["tried"] == member.email and failed.ip == "127.0.0.1"
    assert "password" not in json.dumps(failed.data)
    client.post("/accounts/login/", {"login": member.email, "password": "correct-horse-9"})
    entry = only(audit.SIGN_IN)
    assert entry.actor_id == member.pk and entry.ip == "127.0.0.1"
    assert entry.data == {"method": "password"}


def test_an_admin_changing_a_role_through_the_admin_area_is_recorded(admin_client, member):
    admin_client.post(
        f"/admin-area/members/{member.pk}/role/", {"role": "moderator"}, REMOTE_ADDR="10.1.2.3"
    )
    entry = only(audit.ROLE_CHANGE)
    assert entry.actor_label.endswith("(alma)") and entry.target_id == str(member.pk)
    assert entry.data == {"old": "member", "new": "moderator"}
    assert entry.ip == "10.1.2.3"


def test_deactivation_is_recorded_and_ends_sessions_and_tokens(admin_user, member, client):
    client.force_login(member)
    token, secret = create_token(user=member, name="script")
    account_actions.deactivate_user(actor=admin_user, person=member)
    entry = only(audit.DEACTIVATION)
    assert entry.data["via"] == "admin" and entry.data["tokens"] == 1
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/").status_code == 302  # signed out
    account_actions.reactivate_user(actor=admin_user, person=member)
    assert only(audit.REACTIVATION).target_id == str(member.pk)


def test_creating_and_revoking_an_api_token_are_recorded(client, member):
    client.force_login(member)
    client.post("/accounts/tokens/", {"name": "backup", "scope": "read"})
    created = only(audit.TOKEN_CREATED)
    assert created.actor_id == member.pk and created.target_type == "accounts.apitoken"
    client.post(f"/accounts/tokens/{created.target_id}/revoke/")
    assert only(audit.TOKEN_REVOKED).actor_id == member.pk


def test_a_group_kind_change_is_recorded_but_an_unchanged_kind_is_not(member):
    group = group_actions.create_group(actor=member, name="Skunkworks", kind="public")
    group_actions.change_kind(actor=member, group=group, kind="public")
    assert not AuditEntry.objects.filter(action=audit.GROUP_KIND_CHANGE).exists()
    group_actions.change_kind(actor=member, group=group, kind="secret")
    assert only(audit.GROUP_KIND_CHANGE).data == {"old": "public", "new": "secret"}


def test_a_settings_change_records_what_changed(admin_user):
    update_site_settings(actor=admin_user, name="Northwind", allowed_email_domains=["nw.example"])
    entry = only(audit.SETTINGS_CHANGE)
    assert entry.data["changed"]["name"] == ["Townhall", "Northwind"]


def test_signing_out_is_recorded(client, member):
    client.post("/accounts/login/", {"login": member.email, "password": "correct-horse-9"})
    client.post("/accounts/logout/")
    entry = only(audit.SIGN_OUT)
    assert entry.actor_id == member.pk and entry.ip == "127.0.0.1"


def test_an_admin_linking_a_person_to_the_providers_subject_is_recorded(admin_user, member):
    identity_actions.set_external_id(actor=admin_user, person=member, external_id="emp-mona")
    entry = only(audit.SSO_LINK)
    assert entry.actor_id == admin_user.pk and entry.target_id == str(member.pk)
    assert entry.data == {"how": "admin", "subject": "emp-mona"}


def test_scim_tokens_calls_and_the_people_scim_creates_are_each_recorded_once(admin_user):
    token, secret = identity_actions.issue_scim_token(actor=admin_user, name="Okta")
    assert only(audit.SCIM_TOKEN_CREATED).target_id == str(token.pk)
    scim = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "pia@northwind.example",
        "externalId": "okta-pia",
        "displayName": "Pia",
    }
    created = scim.post("/scim/v2/Users", json.dumps(body), content_type="application/scim+json")
    assert created.status_code == 201
    scim.get("/scim/v2/Users", {"filter": 'userName eq "pia@northwind.example"'})
    scim.get("/scim/v2/Users", {"filter": "userName eq"})  # refused calls are recorded too
    calls = AuditEntry.objects.filter(action=audit.SCIM_CALL).order_by("id")
    assert [(c.data["method"], c.data["status"]) for c in calls] == [
        ("POST", 201),
        ("GET", 200),
        ("GET", 400),
    ]
    assert all(c.ip == "127.0.0.1" and c.data["token"] == token.prefix for c in calls)
    assert only(audit.USER_CREATED).target_id == str(created.json()["id"])
    identity_actions.revoke_scim_token(actor=admin_user, token=token)
    assert only(audit.SCIM_TOKEN_REVOKED).target_id == str(token.pk)


def test_a_member_ending_one_of_their_sessions_is_recorded(member):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop"), Client(HTTP_USER_AGENT="Phone")
    for browser in (laptop, phone):
        browser.post("/accounts/login/", {"login": member.email, "password": "correct-horse-9"})
    other = SignedInSession.objects.get(user_agent="Phone")
    laptop.post(f"/identity/sessions/{other.pk}/end/")
    entry = only(audit.SESSION_ENDED)
    assert entry.actor_id == member.pk and entry.data == {"session": other.pk}


def test_no_code_path_can_change_or_delete_an_entry(member):
    entry = audit.record(audit.SIGN_IN, actor=member, target=member)
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(action="nothing")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    entry.action = "nothing"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.bulk_update([entry], ["action"])
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.update_or_create(pk=entry.pk, defaults={"action": "x"})
    assert AuditEntry.objects.get(pk=entry.pk).action == audit.SIGN_IN


def test_removing_a_person_leaves_their_entries_untouched(admin_user, member):
    account_actions.change_role(actor=admin_user, person=member, role="leader")
    User.objects.filter(pk=member.pk).delete()
    entry = only(audit.ROLE_CHANGE)
    assert entry.target_label == "Mona Member (mona)"


@pytest.mark.postgres
def test_on_postgresql_the_database_itself_refuses_update_and_delete(member):
    entry = audit.record(audit.SIGN_IN, actor=member, target=member)
    statements = (
        "UPDATE identity_auditentry SET action = 'x'",
        "DELETE FROM identity_auditentry",
    )
    for sql in statements:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).action == audit.SIGN_IN


# --- the admin page ------------------------------------------------------------------


def test_the_audit_log_page_filters_by_action_and_person(admin_client, admin_user, member):
    account_actions.change_role(actor=admin_user, person=member, role="leader")
    create_token(user=admin_user, name="mine")
    page = admin_client.get("/admin-area/audit/", {"action": audit.ROLE_CHANGE})
    assert page.status_code == 200
    assert b"Mona Member" in page.content
    assert b"<code>token.create</code>" not in page.content
    page = admin_client.get("/admin-area/audit/", {"q": "nobody-like-this"})
    assert b"No entries match." in page.content


def test_a_bad_filter_is_named_and_nothing_breaks(admin_client):
    page = admin_client.get("/admin-area/audit/", {"ip": "not-an-ip", "since": "yesterday"})
    assert page.status_code == 400
    assert b"Enter a valid" in page.content


def test_the_audit_log_page_costs_the_same_for_3_and_30_entries(
    admin_client, admin_user, django_assert_max_num_queries
):
    for n in range(3):
        audit.record(audit.SIGN_IN, actor=admin_user, n=n)
    with django_assert_max_num_queries(25) as few:  # the shared header and menus included
        admin_client.get("/admin-area/audit/")
    for n in range(27):
        audit.record(audit.SIGN_IN, actor=admin_user, n=n)
    with django_assert_max_num_queries(len(few)):
        admin_client.get("/admin-area/audit/")


def test_only_admins_see_the_audit_log(client, member):
    client.force_login(member)
    assert client.get("/admin-area/audit/").status_code == 404
    assert client.get("/admin-area/audit/export.csv").status_code == 404


def test_csv_export_neutralises_formula_cells_and_is_itself_recorded(admin_client, admin_user):
    evil = User.objects.create(
        username="evil", email="evil@northwind.example", display_name="=HYPERLINK(1)"
    )
    for name in ("+SUM(A1)", "-2+3", "@cmd", "\tTAB"):
        audit.record(audit.ROLE_CHANGE, actor=admin_user, target=evil, note=name)
    evil.display_name = "@evil"
    audit.record(audit.ROLE_CHANGE, actor=admin_user, target=evil)
    response = admin_client.get("/admin-area/audit/export.csv")
    assert response["Content-Disposition"].endswith('townhall-audit.csv"')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    changes = [row for row in rows if row["action"] == audit.ROLE_CHANGE]
    assert len(changes) == 5
    labels = {row["target_label"] for row in changes}
    assert labels == {"'=HYPERLINK(1) (evil)", "'@evil (evil)"}
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t"))
    assert only(audit.EXPORT).data["format"] == "csv"


def test_json_export_follows_the_filters(admin_client, admin_user, member):
    account_actions.change_role(actor=admin_user, person=member, role="leader")
    audit.record(audit.SIGN_IN, actor=member)
    response = admin_client.get("/admin-area/audit/export.json", {"action": audit.ROLE_CHANGE})
    data = json.loads(b"".join(response.streaming_content))
    assert [row["action"] for row in data] == [audit.ROLE_CHANGE]
    assert data[0]["occurred_at"].endswith("+00:00")
