"""The demo's ask-me-anything sessions (a step for load.py).

Ingrid, the CEO, held one last week: questions (some anonymous) with votes, most of them
answered in place, a few left unanswered. Thandiwe's is open this week, Håkon's starts in
a few days. Everything goes through townhall.ama.actions while the session is open; then
the times are moved into the past with queryset updates, as for the posts.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from townhall.accounts.models import User
from townhall.ama import actions
from townhall.ama.models import AmaQuestion, AmaSession, AmaVote
from townhall.demo.people import PEOPLE

SEED = 2027


@dataclass(frozen=True)
class Q:
    asker: str
    text: str
    anonymous: bool = False
    answer: str = ""


FINISHED = (
    "ingrid",
    "Ask me anything: our plans for next year",
    "An hour for anything about where Northwind is heading. No question is too small, "
    "and you can ask anonymously.",
    [
        Q(
            "kenji",
            "Will we open an office in Asia, or stay remote-first there?",
            False,
            "Remote-first for now. If the Tokyo team passes ten people we will look at a "
            "shared space, and you will choose it.",
        ),
        Q(
            "rasmus",
            "Are salaries going to keep up with inflation this year?",
            True,
            "Yes. The budget has a **4.5 %** general increase, and the salary bands are "
            "published on the People & Culture page in January.",
        ),
        Q(
            "priya",
            "What is the one thing you want engineering to stop doing?",
            False,
            "Shipping on Fridays at five. Slow down, we are not in a hurry.",
        ),
        Q(
            "noor",
            "Why did we cancel the summer party?",
            True,
            "We did not cancel it, we moved it to August so the Bergen team can come. "
            "Sorry for the confusion.",
        ),
        Q(
            "camille",
            "How do you decide which customers get the beta first?",
            False,
            "Sales and product pick together, by who gives the most feedback. Ask Mateus "
            "for the list.",
        ),
        Q("zoe", "Can we get a four-day week trial in one team?", True),
        Q("daniel", "What keeps you up at night?", False),
    ],
)
OPEN = (
    "thandiwe",
    "Ask me anything about the new parental leave policy",
    "The new policy starts in January. Ask about the details here all week.",
    [
        Q("linnea", "Does the extra month apply to adoptive parents too?"),
        Q("mateus", "Is it the same in every country we hire in?", True),
    ],
)
UPCOMING = (
    "hakon",
    "Ask the CTO: the platform rewrite",
    "Why we are rewriting the billing platform, what it means for your team, and when.",
    [],
)


def _people() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=[p.username for p in PEOPLE])}


def _open(people, spec, *, days: float = 1 / 24):
    host, title, description, _questions = spec
    now = timezone.now()
    return actions.open_session(
        actor=people[host],
        title=title,
        description=description,
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(days=days),
    )


def _ask(rnd, people, session, questions) -> list[AmaQuestion]:
    asked = []
    voters = sorted(people)
    for number, spec in enumerate(questions):
        question = actions.ask_question(
            actor=people[spec.asker], session=session, body=spec.text, anonymous=spec.anonymous
        )
        # The earlier questions tend to collect more votes.
        for voter in rnd.sample(voters, max(0, 14 - 2 * number + rnd.randint(-2, 3))):
            if voter != spec.asker:
                actions.vote(actor=people[voter], question=question)
        if spec.answer:
            question = actions.answer_question(
                actor=session.host, question=question, answer=spec.answer
            )
        asked.append(question)
    return asked


def _backdate(rnd, session, questions, *, start) -> None:
    """Move the session to begin at `start`; questions, votes and answers follow in order."""
    length = session.ends_at - session.starts_at
    AmaSession.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + length, created_at=start - timedelta(days=7)
    )
    for index, question in enumerate(questions):
        asked_at = start + timedelta(minutes=2 + 4 * index + rnd.uniform(0, 3))
        answered_at = asked_at + timedelta(minutes=rnd.uniform(5, 25))
        AmaQuestion.objects.filter(pk=question.pk).update(
            created_at=asked_at,
            answered_at=answered_at if question.answered_at else None,
        )
        AmaVote.objects.filter(question=question).update(
            created_at=asked_at + timedelta(minutes=rnd.uniform(1, 10))
        )


def add_ama() -> str | None:
    """A finished AMA with answered and unanswered (some anonymous) questions and votes,
    an open one and an upcoming one; only those that are missing."""
    people = _people()
    rnd = random.Random(SEED)
    titles = set(AmaSession.objects.values_list("title", flat=True))
    added = []
    now = timezone.now()
    if FINISHED[1] not in titles:
        session = _open(people, FINISHED)
        questions = _ask(rnd, people, session, FINISHED[3])
        start = (now - timedelta(days=9)).replace(hour=13, minute=0, second=0, microsecond=0)
        _backdate(rnd, session, questions, start=start)
        answered = sum(bool(q.answer) for q in FINISHED[3])
        added.append(
            f"a finished AMA with {len(questions)} questions ({answered} answered, "
            f"{sum(q.anonymous for q in FINISHED[3])} anonymous)"
        )
    if OPEN[1] not in titles:
        session = _open(people, OPEN, days=6)
        questions = _ask(rnd, people, session, OPEN[3])
        _backdate(rnd, session, questions, start=now - timedelta(days=1))
        added.append("an open one")
    if UPCOMING[1] not in titles:
        start = (now + timedelta(days=3)).replace(hour=14, minute=0, second=0, microsecond=0)
        host, title, description, _questions = UPCOMING
        actions.open_session(
            actor=people[host],
            title=title,
            description=description,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        added.append("an upcoming one")
    if not added:
        return None
    return "ask me anything: " + ", ".join(added)
