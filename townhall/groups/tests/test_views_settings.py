"""Group settings: name, description, kind (visibility follows at once), archive, pin."""

import re

import pytest

from townhall.groups import actions
from townhall.groups.tests.conftest import url
from townhall.posts.actions import create_post


def test_settings_are_for_group_admins_only_and_missing_for_everyone_else(
    client, people, make_group
):
    group = make_group("public", "Commons")
    client.force_login(people["gus"])
    missing = client.get("/groups/no-such-group/settings/")
    response = client.get(url("settings", group))
    assert response.status_code == 404 and response.content == missing.content
    assert url("settings", group) not in client.get(url("detail", group)).content.decode()
    client.force_login(people["gale"])
    html = client.get(url("settings", group)).content.decode()
    assert 'value="Commons"' in html and "Archive the group" in html
    assert url("settings", group) in client.get(url("detail", group)).content.decode()


def test_an_admin_renames_and_describes_the_group_and_its_address_stays(client, people, make_group):
    group = make_group("public", "Commons")
    client.force_login(people["gale"])
    response = client.post(
        url("settings", group),
        {"name": "Common room", "description": "Coffee and chat.", "kind": "public"},
        follow=True,
    )
    html = response.content.decode()
    assert "The group&#x27;s settings are saved." in html
    group.refresh_from_db()
    assert (group.name, group.description, group.slug, group.name_key) == (
        "Common room",
        "Coffee and chat.",
        "commons",
        "common room",
    )


def test_bad_settings_are_a_400_and_change_nothing(client, people, make_group):
    group = make_group("public", "Commons")
    client.force_login(people["gale"])
    response = client.post(url("settings", group), {"name": "", "kind": "public"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(url("settings", group), {"name": "Ok", "kind": "invisible"})
    assert response.status_code == 400
    group.refresh_from_db()
    assert (group.name, group.kind) == ("Commons", "public")


def test_making_a_group_private_then_secret_hides_its_posts_at_once(client, people, make_group):
    group = make_group("public", "Commons")
    post = create_post(actor=people["gus"], group=group, body="Open plans for everyone")
    client.force_login(people["mona"])
    assert "Open plans" in client.get(url("detail", group)).content.decode()

    client.force_login(people["gale"])
    client.post(url("settings", group), {"name": "Commons", "kind": "private"})
    client.force_login(people["mona"])
    html = client.get(url("detail", group)).content.decode()
    assert "Commons" in html and "Open plans" not in html
    assert client.get(f"/posts/{post.pk}/").status_code == 404

    client.force_login(people["gale"])
    client.post(url("settings", group), {"name": "Commons", "kind": "secret"})
    client.force_login(people["mona"])
    assert client.get(url("detail", group)).status_code == 404

    client.force_login(people["gale"])
    client.post(url("settings", group), {"name": "Commons", "kind": "public"})
    client.force_login(people["mona"])
    assert "Open plans" in client.get(url("detail", group)).content.decode()
    assert client.get(f"/posts/{post.pk}/").status_code == 200


def test_an_archived_group_takes_no_posts_until_it_is_reopened(client, people, make_group):
    group = make_group("public", "Commons")
    create_post(actor=people["gus"], group=group, body="Before the archive")
    client.force_login(people["gale"])
    response = client.post(url("archive", group), {"archived": "1"}, follow=True)
    assert "The group is archived" in response.content.decode()
    assert "Reopen the group" in response.content.decode()
    client.force_login(people["gus"])
    html = client.get(url("detail", group)).content.decode()
    assert "Before the archive" in html and "This group is archived." in html
    response = client.post(
        "/posts/new/", {"body": "Anyone here?", "group": group.pk, "form_token": "t-1"}
    )
    assert response.status_code in (403, 404)
    assert "Anyone here?" not in client.get(url("detail", group)).content.decode()

    client.force_login(people["gale"])
    client.post(url("archive", group), {"archived": "0"})
    client.force_login(people["gus"])
    assert "Write a post in Commons" in client.get(url("detail", group)).content.decode()


def test_an_admin_pins_and_unpins_a_post_from_the_settings_page(client, people, make_group):
    group = make_group("public", "Commons")
    post = create_post(actor=people["gus"], group=group, body="House rules")
    client.force_login(people["gale"])
    html = client.get(url("settings", group)).content.decode()
    assert "No post is pinned." in html and "House rules" in html
    response = client.post(url("pin", group), {"post": post.pk, "next": "settings"})
    assert response["Location"] == url("settings", group)
    group.refresh_from_db()
    assert group.pinned_post == post
    html = client.get(url("settings", group)).content.decode()
    assert "No post is pinned." not in html
    client.post(url("pin", group), {"post": "", "next": "settings"})
    group.refresh_from_db()
    assert group.pinned_post is None


@pytest.mark.parametrize("where", ["organisation", "other group", "secret group", "missing"])
def test_only_a_visible_post_of_this_group_can_be_pinned(client, people, make_group, where):
    group = make_group("public", "Commons")
    other = make_group("public", "Other")
    secret = make_group("secret", "Skunkworks", admins=(), members=())
    post_id = {
        "organisation": lambda: create_post(actor=people["gus"], body="Org news").pk,
        "other group": lambda: create_post(actor=people["gus"], group=other, body="Else").pk,
        "secret group": lambda: create_post(actor=people["olga"], group=secret, body="Hush").pk,
        "missing": lambda: 999999,
    }[where]()
    client.force_login(people["gale"])
    response = client.post(url("pin", group), {"post": post_id})
    assert response.status_code == (404 if where in ("secret group", "missing") else 400)
    group.refresh_from_db()
    assert group.pinned_post is None


def test_the_settings_page_shows_the_kind_choices_with_their_meaning(client, people, make_group):
    group = make_group("private", "Board")
    client.force_login(people["olga"])
    html = client.get(url("settings", group)).content.decode()
    assert "<legend>Who can see it:</legend>" in html
    assert re.search(r'<input type="radio" name="kind" value="private"[^>]* checked[ >]', html)
    assert 'aria-describedby="id_kind_2_help"' in html
    assert "Invisible to everyone but its members." in html


def test_pinning_in_an_archived_group_is_refused(client, people, make_group):
    group = make_group("public", "Commons")
    post = create_post(actor=people["gus"], group=group, body="Too late")
    actions.archive_group(actor=people["olga"], group=group)
    client.force_login(people["gale"])
    response = client.post(url("pin", group), {"post": post.pk})
    assert response.status_code == 403
    assert "This group is archived." in response.content.decode()
