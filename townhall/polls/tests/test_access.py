"""The permission pairs for polls agree for every persona (object check == queryset filter)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from townhall.access import polls as access
from townhall.groups import actions as groups
from townhall.polls import actions
from townhall.polls.models import Poll, PollVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member, bo, cy, make_user, secret_group):
    """Bo writes an open anonymous poll, an open public-ballot poll, a closed one and a
    secret group's poll; Mona votes in the public-ballot one."""
    outsider_admin = make_user("ada", role="admin")
    gone = make_user("gil")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    polls = {
        "anonymous": actions.create_poll(actor=bo, body="A?", options=["x", "y"]),
        "ballot": actions.create_poll(actor=bo, body="B?", options=["x", "y"], show_voters=True),
        "closing": actions.create_poll(
            actor=bo,
            body="C?",
            options=["x", "y"],
            show_voters=True,
            closes_at=timezone.now() + timedelta(hours=1),
        ),
        "secret": actions.create_poll(
            actor=bo, body="S?", group=secret_group, options=["x", "y"], show_voters=True
        ),
    }
    actions.vote(
        actor=member, poll=polls["ballot"], option_ids=[polls["ballot"].options.first().pk]
    )
    actions.vote(actor=bo, poll=polls["closing"], option_ids=[polls["closing"].options.first().pk])
    Poll.objects.filter(pk=polls["closing"].pk).update(closes_at=timezone.now())
    people = {"author": bo, "voter": member, "colleague": cy, "admin": outsider_admin, "gone": gone}
    return people, {
        k: Poll.objects.select_related("post", "post__group").get(pk=p.pk) for k, p in polls.items()
    }


# persona -> polls whose results they see (typed by hand)
RESULTS = {
    "author": {"anonymous", "ballot", "closing", "secret"},
    "voter": {"ballot", "closing"},
    "colleague": {"closing"},
    "admin": {"closing"},
    "gone": set(),
}
SEES = {
    "author": {"anonymous", "ballot", "closing", "secret"},
    "voter": {"anonymous", "ballot", "closing"},
    "colleague": {"anonymous", "ballot", "closing"},
    "admin": {"anonymous", "ballot", "closing"},
    "gone": set(),
}


def test_seeing_a_poll_and_its_results_agree_on_every_path(world):
    people, polls = world
    for name, person in people.items():
        seen = {k for k, p in polls.items() if access.can_view_poll(person, p)}
        listed = set(access.visible_polls(person).values_list("pk", flat=True))
        assert seen == SEES[name], name
        assert listed == {polls[k].pk for k in seen}, name
        results = {k for k, p in polls.items() if access.can_view_poll_results(person, p)}
        filtered = set(access.visible_poll_results(person).values_list("pk", flat=True))
        assert results == RESULTS[name], name
        assert filtered == {polls[k].pk for k in results}, name


def test_who_voted_is_seen_only_on_public_ballots_and_ones_own_vote_always(world):
    people, polls = world
    votes = list(PollVote.objects.select_related("poll", "poll__post", "poll__post__group"))
    expected = {
        "author": {("ballot", "voter"), ("closing", "author")},
        "voter": {("ballot", "voter"), ("closing", "author")},
        "colleague": {("closing", "author")},
        "admin": {("closing", "author")},
        "gone": set(),
    }
    by_pk = {p.pk: k for k, p in polls.items()}
    who = {p.pk: n for n, p in people.items()}
    for name, person in people.items():
        checked = {
            (by_pk[v.poll_id], who[v.voter_id])
            for v in votes
            if access.can_view_poll_vote(person, v)
        }
        filtered = {(by_pk[v.poll_id], who[v.voter_id]) for v in access.visible_poll_votes(person)}
        assert checked == expected[name], name
        assert filtered == checked, name


def test_voting_is_for_those_who_see_an_open_poll_outside_archived_groups(world, bo, public_group):
    people, polls = world
    assert access.can_vote(people["colleague"], polls["ballot"])
    assert not access.can_vote(people["colleague"], polls["closing"])
    assert not access.can_vote(people["colleague"], polls["secret"])
    assert not access.can_vote(people["gone"], polls["ballot"])
    archived = actions.create_poll(actor=bo, body="?", group=public_group, options=["a", "b"])
    groups.archive_group(actor=bo, group=public_group)
    archived = Poll.objects.select_related("post", "post__group").get(pk=archived.pk)
    assert not access.can_vote(people["colleague"], archived)
