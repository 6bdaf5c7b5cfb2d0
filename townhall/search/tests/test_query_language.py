"""The query language, on whichever backend the suite runs on (SQLite or PostgreSQL):
the same cases, the same answers."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from townhall.blogs import actions as blogs
from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.posts.models import Post
from townhall.questions import actions as questions
from townhall.search.indexing import index_post
from townhall.search.query import parse
from townhall.search.selectors import search, search_articles, search_posts
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
        ("meet ", {"budget", "phrase"}),  # a whole word: stemmed, meet = meeting
        ("meetings", {"budget", "phrase"}),
        ("MEETINGS -moves", {"phrase"}),
        ("meetin", {"budget", "phrase"}),  # the word being typed: a prefix
        ("meetin ", set()),
        ('"budget meetings"', set()),  # phrases are exact
        ("numbers", {"phrase"}),
        ("number", {"phrase"}),
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


def test_a_bad_date_or_unknown_filter_is_named_in_a_message():
    query = parse("budget before:2025-13-01 after:yesterday is:bogus")
    assert len(query.problems) == 3
    assert "before:2025-13-01" in query.problems[0] and "YYYY-MM-DD" in query.problems[0]
    assert "is:bogus" in query.problems[2]
    assert query.before is None and query.after is None


def _backdate(post, day: datetime.date) -> None:
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Post.objects.filter(pk=post.pk).update(created_at=when)
    index_post(post.pk)


def test_before_and_after_take_whole_days(member, post):
    old, mid, new = (post(member, f"Roadmap {n}") for n in ("old", "mid", "new"))
    _backdate(old, datetime.date(2024, 1, 10))
    _backdate(mid, datetime.date(2024, 6, 10))
    _backdate(new, datetime.date(2025, 1, 10))

    def ids(raw):
        return {h.post.pk for h in search_posts(member, parse(raw)).hits}

    assert ids("roadmap before:2024-06-10") == {old.pk}
    assert ids("roadmap before:2024-06-11") == {old.pk, mid.pk}
    assert ids("roadmap after:2024-06-10") == {new.pk}
    assert ids("roadmap after:2024-06-09 before:2024-12-31") == {mid.pk}
    assert ids("after:2024-06-09") == {mid.pk, new.pk}  # a filter alone is a search too


def test_is_question_and_is_unanswered(member, bo, committed):
    open_one = committed(questions.create_question, actor=member, body="How do I book a van?")
    done = committed(questions.create_question, actor=member, body="Where is the van key?")
    committed(posts.create_post, actor=member, body="The van is booked")
    answer = committed(posts.create_comment, actor=bo, post=done.post, body="Reception, van shelf")
    committed(questions.accept_answer, actor=member, question=done, comment=answer)

    def ids(raw, **options):
        return {h.post.pk for h in search(member, parse(raw), **options).hits}

    assert ids("van is:question") == {open_one.post_id, done.post_id}
    assert ids("van is:unanswered") == {open_one.post_id}
    assert ids("is:unanswered") == {open_one.post_id}
    assert ids("van", scope="questions") == {open_one.post_id, done.post_id}
    committed(posts.delete_comment, actor=bo, comment=answer)  # the question opens again
    assert ids("van is:unanswered") == {open_one.post_id, done.post_id}


def test_articles_are_found_by_title_text_and_member_comments(member, bo, committed):
    article = committed(
        blogs.create_article,
        actor=bo,
        title="Our hiring principles",
        body="We **hire** for curiosity. See [the guide](https://example.com/zebra).",
    )
    committed(blogs.publish_article, actor=bo, article=article)
    comment = committed(
        blogs.add_article_comment, actor=member, article=article, body="Curiosity matters"
    )

    def found(raw):
        return [(h.kind, h.thing.pk) for h in search_articles(member, parse(raw)).hits]

    assert found("principles") == [("article", article.pk)]
    assert found("zebra") == []  # link addresses are not text a reader sees
    assert found("curiosity") == [("article_comment", comment.pk), ("article", article.pk)]
    [hit] = search_articles(member, parse("hire")).hits
    assert "<mark>hire</mark> for curiosity" in hit.snippet  # no Markdown in snippets
    assert "**" not in hit.snippet and "https" not in hit.snippet
    assert hit.url == f"/blogs/bo/{article.slug}/"
    assert search_posts(member, parse("principles")).hits == []  # another tab


def test_a_title_match_ranks_above_a_text_match(member, bo, committed):
    in_text = committed(
        blogs.create_article, actor=bo, title="Notes", body="Some words about onboarding here"
    )
    in_title = committed(
        blogs.create_article, actor=bo, title="Onboarding", body="Some words about people here"
    )
    for article in (in_title, in_text):  # the title match is the older one
        committed(blogs.publish_article, actor=bo, article=article)
    hits = search(member, parse("onboarding"), scope="articles", sort="relevance").hits
    assert [h.article.pk for h in hits] == [in_title.pk, in_text.pk]
    hits = search(member, parse("onboarding"), scope="articles", sort="newest").hits
    assert [h.article.pk for h in hits] == [in_text.pk, in_title.pk]


def test_relevance_prefers_more_matches_and_engagement_and_pages_with_a_cursor(
    member, bo, post, committed
):
    busy = post(bo, "Kiosk opening")
    plain = post(bo, "Kiosk kiosk kiosk: the kiosk opens")
    quiet = post(bo, "Kiosk")
    for person in (member, bo):
        committed(posts.react, actor=person, target=busy, kind="like")
    committed(posts.create_comment, actor=member, post=busy, body="great")
    first = search(member, parse("kiosk"), sort="relevance", limit=2)
    assert len(first.hits) == 2 and first.next_cursor
    rest = search(member, parse("kiosk"), sort="relevance", cursor=first.next_cursor, limit=2)
    order = [h.post.pk for h in first.hits + rest.hits]
    assert sorted(order) == sorted([busy.pk, plain.pk, quiet.pk]) and rest.next_cursor is None
    assert order.index(busy.pk) < order.index(quiet.pk)
    assert first.hits[0].score >= first.hits[1].score >= rest.hits[0].score


def test_norwegian_stemming_where_the_backend_has_it(member, post):
    made = post(member, "Husk møtet om kantina")
    found = [h.post.pk for h in search_posts(member, parse("møtene ")).hits]
    # PostgreSQL stems Norwegian (møtene and møtet -> møt); SQLite's FTS5 has English only.
    assert found == ([made.pk] if connection.vendor == "postgresql" else [])
    assert [h.post.pk for h in search_posts(member, parse("møtet ")).hits] == [made.pk]
