"""The query language, on whichever backend the suite runs on (SQLite or PostgreSQL)."""

import pytest

from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.search.query import parse
from townhall.search.selectors import search_posts
from townhall.search.text import words

BODIES = {
    "budget": "The budget meeting moves to Thursday",
    "cafe": "New espresso machine in the Café on floor 2",
    "mote": "Husk møtet om kantina i morgen",
    "phrase": "Quarterly numbers: the meeting about budget went well",
    "topic": "Release notes are out #launch",
    "ops": "Ops question: does NEAR(foo bar) or title:x break anything?",
}


@pytest.fixture
def world(member, bo, post):
    made = {key: post(member, body) for key, body in BODIES.items()}
    made["bo"] = post(bo, "Bo thinks the budget is fine")
    return made


def found(actor, raw, world):
    names = {p.pk: key for key, p in world.items()}
    return {names[hit.post.pk] for hit in search_posts(actor, parse(raw)).hits}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("budget", {"budget", "phrase", "bo"}),
        ("BUDGET meeting", {"budget", "phrase"}),
        ('"budget meeting"', {"budget"}),
        ("budget -thursday", {"phrase", "bo"}),
        ("meet", {"budget", "phrase"}),
        ("meet ", set()),
        ("cafe", {"cafe"}),
        ("CAFÉ", {"cafe"}),
        ("møtet", {"mote"}),
        ("motet", set()),
        ("budget from:@bo", {"bo"}),
        ("from:@nobody-here budget", set()),
        ("#launch", {"topic"}),
        ("#launch release", {"topic"}),
        ("#nosuchtopic", set()),
        ("NEAR(foo bar)", {"ops"}),
        ("title:x", {"ops"}),
        ('"', set()),
        ("", set()),
    ],
)
def test_query_language_finds_exactly_the_expected_posts(member, world, raw, expected):
    assert found(member, raw, world) == expected


def test_in_group_finds_only_posts_of_that_group(member, post, committed):
    crew = groups.create_group(actor=member, name="Crew", kind="public")
    inside = post(member, "Lunch plans for the crew", group=crew)
    post(member, "Lunch plans for everyone")
    hits = search_posts(member, parse(f"lunch in:{crew.slug}")).hits
    assert [hit.post.pk for hit in hits] == [inside.pk]
    assert search_posts(member, parse("lunch in:no-such-group")).hits == []


def test_results_come_newest_first_and_page_with_a_cursor(member, post):
    made = [post(member, f"Standup note number {n}") for n in range(5)]
    first = search_posts(member, parse("standup"), limit=3)
    assert [h.post.pk for h in first.hits] == [p.pk for p in reversed(made)][:3]
    rest = search_posts(member, parse("standup"), cursor=first.next_cursor, limit=3)
    assert [h.post.pk for h in rest.hits] == [made[1].pk, made[0].pk]
    assert rest.next_cursor is None


def test_comments_are_found_and_link_to_their_post(member, bo, post, committed):
    parent = post(member, "Where should we go?")
    comment = committed(posts.create_comment, actor=bo, post=parent, body="The fjord trip!")
    hits = search_posts(member, parse("fjord")).hits
    assert [(h.kind, h.comment.pk, h.post.pk) for h in hits] == [("comment", comment.pk, parent.pk)]


def test_snippets_highlight_matches_and_escape_everything_else(member, post):
    post(member, "<script>alert(1)</script> Café budget & more")
    [hit] = search_posts(member, parse("cafe")).hits
    assert "<mark>Café</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet


@pytest.mark.parametrize(
    ("word", "folded"),
    [("Café", "cafe"), ("CAFÉ", "cafe"), ("møte", "møte"), ("på", "pa"), ("blåbær", "blabær")],
)
def test_accents_fold_but_letters_like_o_slash_stay(word, folded):
    assert words(word) == [folded]
