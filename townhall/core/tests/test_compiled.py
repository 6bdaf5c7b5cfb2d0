"""townhall.core.compiled: a query built once per shape answers, for every later set of
values, exactly what building it afresh answers -- and a key that misses a branch of the
builder is caught."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from townhall.core import compiled as shapes
from townhall.core.among import among
from townhall.posts import actions as posts
from townhall.posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_shapes():
    shapes.forget()
    yield
    shapes.forget()


def by_author_below(actor, position):
    queryset = Post.objects.filter(author=actor)
    if position is not None:
        created_at, pk = position
        queryset = queryset.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
        )
    return queryset.order_by("-created_at", "-id").values("pk")[:2]


def ids_of(sql) -> list[int]:
    return list(
        Post.objects.filter(among(sql)).order_by("-created_at", "-id").values_list("pk", flat=True)
    )


def test_later_values_answer_what_a_fresh_query_answers(make_user, settings):
    settings.TOWNHALL_CHECK_COMPILED = False  # compare by hand here
    ada, bo = make_user("ada"), make_user("bo")
    for n in range(3):
        posts.create_post(actor=ada, body=f"Ada {n}")
        posts.create_post(actor=bo, body=f"Bo {n}")
    newest_of_bo = Post.objects.filter(author=bo).order_by("-created_at", "-id").first()
    cases = [(ada, None), (bo, None), (bo, (newest_of_bo.created_at, newest_of_bo.pk))]
    for actor, position in cases:
        sql = shapes.compiled(("by author",), by_author_below, actor=actor, position=position)
        fresh = list(by_author_below(actor, position).values_list("pk", flat=True))
        assert ids_of(sql) == fresh
        assert len(fresh) == 2 and all(Post.objects.get(pk=pk).author == actor for pk in fresh)
    # the first page of Bo's, then the one below his newest post: different posts
    assert ids_of(
        shapes.compiled(("by author",), by_author_below, actor=bo, position=None)
    ) != ids_of(shapes.compiled(("by author",), by_author_below, actor=bo, position=cases[2][1]))


def test_a_key_that_misses_a_branch_is_caught_under_the_tests(make_user):
    ada, admin = make_user("ada"), make_user("root", role="admin")
    since = timezone.now() - timedelta(days=1)

    def admins_see_more(actor, position):
        if actor.role == "admin":  # a branch the key below does not name
            return Post.objects.filter(created_at__gt=since).values("pk")
        return Post.objects.filter(author=actor).values("pk")

    shapes.compiled(("posts",), admins_see_more, actor=ada, position=None)
    with pytest.raises(shapes.ShapeMismatch):
        shapes.compiled(("posts",), admins_see_more, actor=admin, position=None)
    # naming the branch in the key gives each its own shape
    for actor in (ada, admin):
        shapes.compiled(("posts", actor.role), admins_see_more, actor=actor, position=None)


def test_a_value_it_cannot_stand_in_for_is_refused(make_user):
    with pytest.raises(TypeError, match="put it in the key"):
        shapes.compiled(
            ("x",),
            lambda actor, word: Post.objects.values("pk"),
            actor=make_user("ada"),
            word="hello",
        )


def test_rows_of_a_tuple_of_ids_follow_its_length(make_user):
    ada = make_user("ada")
    made = [posts.create_post(actor=ada, body=f"Post {n}") for n in range(4)]

    def bodies(actor, ids):
        return (
            Post.objects.filter(author=actor, pk__in=ids)
            .order_by("pk")
            .values_list("pk", "version")
        )

    for chosen in (made[:1], made[:3], made[1:2], made):
        ids = tuple(p.pk for p in chosen)
        answer = shapes.rows(("bodies",), bodies, actor=ada, ids=ids)
        assert [tuple(row) for row in answer] == [(p.pk, p.version) for p in chosen]


def test_instances_come_with_what_the_builder_joined_for_each_call(
    make_user, settings, django_assert_num_queries
):
    settings.TOWNHALL_CHECK_COMPILED = False  # compare by hand here
    ada = make_user("ada", display_name="Ada Lovelace")
    bo = make_user("bo", display_name="Bo Berg")
    for n in range(3):
        posts.create_post(actor=ada, body=f"Ada {n}")
        posts.create_post(actor=bo, body=f"Bo {n}")

    def with_authors(actor, position):
        return Post.objects.filter(among(by_author_below(actor, position))).select_related("author")

    for actor in (ada, bo, ada):
        found = shapes.instances(("posts with authors",), with_authors, actor=actor, position=None)
        fresh = list(with_authors(actor, None).order_by("-created_at", "-id"))
        assert sorted(p.pk for p in found) == sorted(p.pk for p in fresh)
        assert len(found) == 2
        assert {p.body for p in found} == {p.body for p in fresh}
        with django_assert_num_queries(0):  # the authors came in the same query
            assert {p.author.display_name for p in found} == {actor.display_name}
        assert all(p._state.db == "default" and not p._state.adding for p in found)
