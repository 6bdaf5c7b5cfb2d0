"""Cached feed cards (townhall.posts.cards, townhall.posts.rendering): a reader never sees
an old card after a change, and never sees another reader's flags in a shared one.

Every test reads the all-company feed through the real page or API twice -- once to fill
the card cache, once after the change -- so the second answer must come from a fresh card.
"""

import re
import time

import pytest
from django.test import Client

from townhall.accounts import actions as accounts
from townhall.moderation import actions as moderation
from townhall.people import actions as people
from townhall.posts import actions as posts
from townhall.posts import cards
from townhall.posts.models import Post
from townhall.posts.selectors import feed_page


@pytest.fixture
def cast(make_user):
    make = lambda name, **extra: make_user(name, password=None, **extra)  # noqa: E731
    return {
        "aria": make("aria", display_name="Aria Author"),
        "bo": make("bo", display_name="Bo Reader"),
        "cy": make("cy", display_name="Cy Commenter"),
        "mo": make("mo", display_name="Mo Moderator", role="moderator"),
        "ada": make("ada", display_name="Ada Admin", role="admin"),
    }


def reader(person, **options) -> Client:
    client = Client(**options)
    client.force_login(person)
    return client


def page(client) -> str:
    response = client.get("/company/")
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, post) -> str:
    """The post's card, its CSRF tokens blanked (each rendering masks the token anew)."""
    start = html.index(f'id="post-{post.pk}"')
    end = min(
        i for i in (html.find('class="card post"', start), html.find("</section>", start)) if i > 0
    )
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html[start:end])


def pressed(html: str, target: str) -> set[str]:
    """The reaction kinds shown as mine in the reaction bar of `target` ("post-3")."""
    start = html.index(f'id="reactions-{target}"')
    bar = html[start : html.index("</form>", start)]
    return set(re.findall(r'class="reaction reaction-mine"[^>]*data-kind="(\w+)"', bar))


@pytest.fixture
def post(cast):
    made = posts.create_post(actor=cast["aria"], body="First words #plans")
    posts.create_comment(actor=cast["cy"], post=made, body="A first comment")
    return made


def test_the_second_reading_of_a_page_comes_from_the_card_cache(cast, post):
    bo = reader(cast["bo"])
    first = card(page(bo), post)
    item = feed_page(cast["bo"], Post.objects.filter(pk=post.pk)).items[0]
    assert item.card is not None and len(item.card.html) == 1, "the page stored its card"
    assert card(page(bo), post) == first
    assert "First words" in first and "A first comment" in first


@pytest.mark.parametrize(
    "change, shows",
    [
        (
            lambda c, p: posts.edit_post(actor=c["aria"], post=p, body="Better words"),
            "Better words",
        ),
        (
            lambda c, p: posts.create_comment(actor=c["bo"], post=p, body="A new comment"),
            "A new comment",
        ),
        (
            lambda c, p: posts.react(actor=c["cy"], target=p, kind="funny"),
            '<span class="reaction-count">1</span>',
        ),
        (
            lambda c, p: people.update_profile(
                actor=c["aria"], person=c["aria"], changes={"display_name": "Aria Renamed"}
            ),
            "Aria Renamed",
        ),
        (
            lambda c, p: accounts.change_role(actor=c["ada"], person=c["aria"], role="leader"),
            "badge-leader",
        ),
    ],
    ids=["edit", "comment", "reaction", "author-renamed", "author-leader"],
)
def test_a_change_shows_on_the_next_page_not_an_old_card(cast, post, change, shows):
    bo = reader(cast["bo"])
    assert shows not in card(page(bo), post)
    change(cast, post)
    assert shows in card(page(bo), post)


def test_a_first_commenters_new_name_shows_once_the_card_expires(cast, post, monkeypatch):
    """The one input a card's version does not cover (cards.py): bounded by CARD_SECONDS in
    this process's copy and in the shared cache alike."""
    bo = reader(cast["bo"])
    assert "Cy Commenter" in card(page(bo), post)
    people.update_profile(actor=cast["cy"], person=cast["cy"], changes={"display_name": "Cy New"})
    later = time.time() + cards.CARD_SECONDS + 1
    monkeypatch.setattr(cards.time, "time", lambda: later)
    assert "Cy New" in card(page(bo), post)


def test_a_reaction_on_a_first_comment_shows_at_once(cast, post):
    comment = post.comments.get()
    bo = reader(cast["bo"])
    assert "reaction-count" not in card(page(bo), post)
    posts.react(actor=cast["aria"], target=comment, kind="like")
    assert pressed(page(reader(cast["aria"])), f"comment-{comment.pk}") == {"like"}
    assert '<span class="reaction-count">1</span>' in card(page(bo), post)


def test_a_comment_hidden_by_a_moderator_leaves_the_card_at_once_and_returns_when_restored(
    cast, post
):
    comment = post.comments.get()
    bo = reader(cast["bo"])
    assert "A first comment" in card(page(bo), post)
    moderation.report_content(actor=cast["bo"], target=comment, reason="spam")
    decision = moderation.decide(actor=cast["mo"], target=comment, outcome="hide")
    assert "A first comment" not in card(page(bo), post)
    moderation.restore(actor=cast["mo"], decision=decision)
    assert "A first comment" in card(page(bo), post)


def test_a_post_moved_into_a_group_shows_its_new_place(cast, post):
    from townhall.groups import actions as groups

    club = groups.create_group(actor=cast["aria"], name="Book club", kind="public")
    bo = reader(cast["bo"])
    assert "Book club" not in card(page(bo), post)
    posts.move_post(actor=cast["aria"], post=post, group=club)
    assert "Book club" in card(page(bo), post)


def test_a_reader_in_another_language_gets_their_own_card(cast, post):
    people.update_profile(actor=cast["cy"], person=cast["cy"], changes={"language": "nb"})
    english = card(page(reader(cast["bo"])), post)
    norwegian = card(page(reader(cast["cy"])), post)
    assert "Comment" in english and english != norwegian
    assert card(page(reader(cast["bo"])), post) == english


def test_two_readers_each_see_only_their_own_reactions_and_rights(cast, post):
    posts.react(actor=cast["bo"], target=post, kind="like")
    posts.react(actor=cast["cy"], target=post, kind="funny")
    bo, cy, aria = reader(cast["bo"]), reader(cast["cy"]), reader(cast["aria"])
    for _round in range(2):  # the second round is served from the cached card
        bo_page, cy_page, aria_page = page(bo), page(cy), page(aria)
        assert pressed(bo_page, f"post-{post.pk}") == {"like"}
        assert pressed(cy_page, f"post-{post.pk}") == {"funny"}
        assert pressed(aria_page, f"post-{post.pk}") == set()
        edit = f'href="/posts/{post.pk}/edit/"'
        assert edit in card(aria_page, post) and edit not in card(bo_page, post)


def test_each_reader_gets_their_own_csrf_token_in_the_reaction_forms(cast, post):
    bo = reader(cast["bo"], enforce_csrf_checks=True)
    cy = reader(cast["cy"], enforce_csrf_checks=True)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    page(bo)  # the card is cached now; the next pages are finished per reader
    bo_token, cy_token = token.search(page(bo)).group(1), token.search(page(cy)).group(1)
    url = f"/posts/{post.pk}/react/"
    assert bo.post(url, {"react": "like", "csrfmiddlewaretoken": cy_token}).status_code == 403
    assert bo.post(url, {"react": "like", "csrfmiddlewaretoken": bo_token}).status_code == 302
    assert pressed(page(bo), f"post-{post.pk}") == {"like"}


def test_a_placeholder_typed_into_a_post_stays_text(cast):
    posts.create_post(actor=cast["aria"], body="\u27e60123456789abcdef:csrf:\u27e7 hello")
    html = page(reader(cast["bo"]))
    assert "\u27e60123456789abcdef:csrf:\u27e7 hello" in html


def test_the_api_feed_gives_each_reader_their_own_reactions_from_a_cached_card(cast, post, api_as):
    posts.react(actor=cast["bo"], target=post, kind="like")
    for _round in range(2):
        bo = api_as(cast["bo"]).get("/api/v1/feeds/company").json()["items"][0]
        cy = api_as(cast["cy"]).get("/api/v1/feeds/company").json()["items"][0]
        assert bo["my_reactions"] == ["like"] and cy["my_reactions"] == []
        assert bo["reaction_counts"] == {"like": 1}
    posts.edit_post(actor=cast["aria"], post=post, body="Edited for the API")
    assert (
        "Edited for the API"
        in api_as(cast["cy"]).get("/api/v1/feeds/company").json()["items"][0]["body_html"]
    )


@pytest.mark.parametrize(
    "target_type, counts, mine",
    [
        ("post", {"like": 2, "funny": 1}, {"like"}),
        ("post", {"like": 2, "funny": 1}, set()),  # the same counts, not mine: made anew
        ("comment", {}, set()),
    ],
)
def test_the_fast_reaction_bar_is_the_template_byte_for_byte(cast, post, target_type, counts, mine):
    from django.middleware.csrf import get_token
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from townhall.posts.templatetags.posts import reaction_bar

    request = RequestFactory().get("/company/?after=x&y=<z>")
    request.user = cast["bo"]
    token = get_token(request)
    target = post if target_type == "post" else post.comments.get()
    context = {"target": target, "target_type": target_type, "counts": counts, "mine": mine}
    expected = render_to_string(
        "posts/_reactions.html", {**context, "csrf_token": token}, request=request
    )
    assert reaction_bar(target_type, target.pk, counts, mine, token, request.get_full_path()) == (
        expected
    )


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_time_since_reads_as_djangos_timesince_in_each_language(language):
    from datetime import UTC, datetime, timedelta

    from django.utils import translation
    from django.utils.timesince import timesince

    from townhall.posts.templatetags.posts import since_text

    now = datetime.now(UTC)
    ages = [timedelta(minutes=m) for m in (0, 1, 2, 59, 61, 125)]
    ages += [timedelta(days=d, hours=h) for d, h in ((1, 0), (2, 5), (9, 1), (40, 3), (800, 0))]
    with translation.override(language):
        expected = [
            translation.gettext("%(since)s ago") % {"since": timesince(now - a)} for a in ages
        ]
        assert [since_text(now - age) for age in ages] == expected
    assert len(set(expected)) == len(ages)  # each age reads differently
