"""The demo's questions and polls (a step for load.py).

Open questions with answers (one answered and accepted), a question in the Engineering
guild, and polls with votes: a public-ballot one still open, an anonymous one that has
closed. Everything goes through the real actions (townhall.questions.actions,
townhall.polls.actions, townhall.posts.actions); then the times are moved into the past
with queryset updates, as for the other posts.
"""

from datetime import timedelta

from django.utils import timezone

from townhall.accounts.models import User
from townhall.groups.models import Group
from townhall.polls import actions as polls
from townhall.polls.models import Poll
from townhall.posts import actions as posts
from townhall.posts.models import Comment, Mention, Post
from townhall.questions import actions as questions

FIRST = "Does anyone know how to book the big meeting room in Oslo for a whole day?"

QUESTIONS = [
    # (asker, group or None, text, [(answerer, answer)], index of the accepted answer or None)
    (
        "sindre",
        None,
        FIRST,
        [
            ("fatima", "Ask reception: whole days are booked by them, not in the calendar."),
            ("mohammed", "Reception, yes. Book two weeks ahead in spring, it fills up."),
        ],
        0,
    ),
    (
        "kenji",
        "Engineering guild",
        "What is our rule for upgrading Python on the build machines? #platform",
        [("priya", "We follow the latest but one release; Emma keeps the list.")],
        None,
    ),
    (
        "elodie",
        None,
        "Is there a template for the quarterly customer review? #sales",
        [],
        None,
    ),
]

POLLS = [
    # (author, group, text, options, kind, show_voters, closes in (days; negative: closed),
    #  votes: username -> option indexes)
    (
        "mateus",
        "Coffee lovers",
        "Which beans should we order for the Oslo office next month?",
        ["Ethiopia Yirgacheffe", "Colombia Huila", "Kenya AA", "Surprise us"],
        Poll.Kind.SINGLE,
        True,
        5,
        {"tuva": [0], "wei": [2], "linnea": [0], "sigrid": [3], "eirik": [0]},
    ),
    (
        "ingrid",
        None,
        "Which days suit you for the summer party? Pick all that work.",
        ["Thursday 12 June", "Friday 13 June", "Thursday 19 June"],
        Poll.Kind.MULTIPLE,
        False,
        -2,
        {"orjan": [0, 1], "amara": [1], "hakon": [1, 2], "priya": [0], "emma": [1]},
    ),
]


def add_questions_and_polls() -> str | None:
    if Post.objects.filter(body=FIRST).exists():
        return None
    people = {u.username: u for u in User.objects.filter(is_active=True)}
    groups = {g.name: g for g in Group.objects.all()}
    now = timezone.now()
    written: list[tuple[Post, int]] = []
    accepted = 0
    for n, (asker, group, text, answers, accept) in enumerate(QUESTIONS):
        question = questions.create_question(
            actor=people[asker], body=text, group=groups.get(group)
        )
        written.append((question.post, 3 + n * 4))
        comments = [
            posts.create_comment(actor=people[who], post=question.post, body=body)
            for who, body in answers
        ]
        if accept is not None:
            questions.accept_answer(
                actor=people[asker], question=question, comment=comments[accept]
            )
            accepted += 1
    votes = 0
    for n, (author, group, text, options, kind, show, days, ballots) in enumerate(POLLS):
        poll = polls.create_poll(
            actor=people[author],
            body=text,
            group=groups.get(group),
            options=options,
            kind=kind,
            show_voters=show,
            closes_at=now + timedelta(days=abs(days)),
        )
        ids = list(poll.options.values_list("pk", flat=True))
        for who, chosen in ballots.items():
            polls.vote(actor=people[who], poll=poll, option_ids=[ids[i] for i in chosen])
            votes += 1
        if days < 0:  # it closed a while ago: move its time and its post into the past
            Poll.objects.filter(pk=poll.pk).update(closes_at=now + timedelta(days=days))
        written.append((poll.post, 2 + n * 6))
    for post, days_ago in written:
        when = now - timedelta(days=days_ago)
        Post.objects.filter(pk=post.pk).update(created_at=when)
        Mention.objects.filter(post=post).update(created_at=when)
        Comment.objects.filter(post=post).update(created_at=when + timedelta(hours=2))
    return (
        f"{len(QUESTIONS)} questions ({accepted} with an accepted answer) and "
        f"{len(POLLS)} polls with {votes} votes (one closed)"
    )
