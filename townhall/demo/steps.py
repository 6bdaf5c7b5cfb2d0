"""The demo's social life: groups, posts, comments, reactions, follows (steps for load.py).

Everything is written through the real actions (townhall.groups.actions,
townhall.posts.actions, townhall.people.follows), so the demo obeys every rule: only
members post in a group, mentions reach only people who may see the post, and so on.
Afterwards timestamps are moved into the past with queryset updates, so the posts spread
over the last four months in the order they were written (comments after their post,
replies after their comment). Choices come from random.Random(SEED): every load of the
demo writes the same content.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from townhall.accounts.models import User
from townhall.demo import posts as content
from townhall.demo.group_posts import GROUP_POSTS, PINNED, TEAM_UPDATES, WINDOWS
from townhall.demo.groups import ARCHIVED, GROUPS, INVITATIONS, JOIN_REQUESTS, members_of
from townhall.demo.people import PEOPLE
from townhall.groups import actions as group_actions
from townhall.groups.models import Decision, Group, GroupInvitation, JoinRequest, Membership
from townhall.people import follows
from townhall.people.models import Follow, Mute, TopicFollow
from townhall.posts import actions as post_actions
from townhall.posts.models import Comment, Mention, Post, Reaction, Topic

SEED = 2026
DAYS = 120  # posts spread over this many days before now
SPECS = {spec.name: spec for spec in GROUPS}


def _people() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=[p.username for p in PEOPLE])}


def _group_members(name: str | None) -> list[str]:
    if name is None:
        return [p.username for p in PEOPLE]
    spec = SPECS[name]
    return [spec.owner, *members_of(spec)]


# --- groups ---------------------------------------------------------------------------


def add_groups() -> str | None:
    """The 36 groups that are missing, their members, admins, requests and invitations."""
    people = _people()
    rnd = random.Random(SEED)
    now = timezone.now()
    created: dict[str, Group] = {}
    for spec in GROUPS:
        if Group.objects.filter(name=spec.name).exists():
            continue
        owner = people[spec.owner]
        group = group_actions.create_group(
            actor=owner, name=spec.name, description=spec.description, kind=spec.kind
        )
        for username in members_of(spec):
            person = people[username]
            if spec.kind == Group.Kind.PUBLIC:
                group_actions.join_group(actor=person, group=group)
            else:
                invitation = group_actions.invite_to_group(actor=owner, group=group, invitee=person)
                group_actions.accept_invitation(actor=person, invitation=invitation)
        for username in spec.admins:
            membership = Membership.objects.get(group=group, user=people[username])
            group_actions.set_member_role(actor=owner, membership=membership, role="admin")
        created[spec.name] = group
    if not created:
        return None
    requests = invitations = 0
    for name, username, message in JOIN_REQUESTS:
        if name in created:
            group_actions.request_to_join(
                actor=people[username], group=created[name], message=message
            )
            requests += 1
    for name, inviter, invitee in INVITATIONS:
        if name in created:
            group_actions.invite_to_group(
                actor=people[inviter], group=created[name], invitee=people[invitee]
            )
            invitations += 1
    _backdate_groups(list(created.values()), rnd, now)
    kinds = {kind: sum(g.kind == kind for g in created.values()) for kind in Group.Kind.values}
    memberships = Membership.objects.filter(group__in=created.values()).count()
    return (
        f"{len(created)} groups ({kinds['public']} public, {kinds['private']} private, "
        f"{kinds['secret']} secret) with {memberships} memberships; "
        f"{requests} join requests and {invitations} invitations waiting"
    )


def _backdate_groups(groups: list[Group], rnd: random.Random, now: datetime) -> None:
    """Groups started 4-7 months ago; people joined in the weeks after; the open requests
    and invitations are a few days old."""
    memberships, accepted = [], []
    for group in groups:
        group.created_at = now - timedelta(days=rnd.uniform(DAYS + 10, DAYS + 80))
        joined = {}
        for membership in Membership.objects.filter(group=group).order_by("pk"):
            if membership.role == Membership.Role.OWNER:
                membership.created_at = group.created_at
            else:
                membership.created_at = group.created_at + timedelta(hours=rnd.uniform(1, 240))
            joined[membership.user_id] = membership.created_at
            memberships.append(membership)
        for invitation in GroupInvitation.objects.filter(group=group):
            if invitation.status == Decision.ACCEPTED:
                invitation.decided_at = joined[invitation.invitee_id]
                invitation.created_at = invitation.decided_at - timedelta(hours=rnd.uniform(1, 20))
            else:
                invitation.created_at = now - timedelta(hours=rnd.uniform(5, 150))
            accepted.append(invitation)
    Group.objects.bulk_update(groups, ["created_at"])
    Membership.objects.bulk_update(memberships, ["created_at"], batch_size=200)
    GroupInvitation.objects.bulk_update(accepted, ["created_at", "decided_at"], batch_size=200)
    for request in JoinRequest.objects.filter(group__in=groups):
        request.created_at = now - timedelta(hours=rnd.uniform(3, 100))
        request.save(update_fields=["created_at"])


# --- posts ----------------------------------------------------------------------------


@dataclass
class Plan:
    group: str | None
    kind: str
    author: str | None
    text: str
    days_ago: float = 0.0
    at: datetime | None = None
    members: list[str] = field(default_factory=list)


def plan_posts(rnd: random.Random) -> list[Plan]:
    """Every post the demo writes, with its group, kind, author and age (not yet ordered)."""
    plans = [Plan(None, kind, author, text) for kind, author, text in content.ORG_POSTS]
    everyone = [p.username for p in PEOPLE]
    deeds = list(content.KUDOS_DEEDS)
    rnd.shuffle(deeds)
    kudos: set[str] = set()
    while len(kudos) < 40:
        author, person = rnd.sample(everyone, 2)
        opening = content.KUDOS_OPENINGS[len(kudos) % len(content.KUDOS_OPENINGS)]
        text = opening.format(person=person, deed=deeds[len(kudos) % len(deeds)])
        if text not in kudos:
            kudos.add(text)
            plans.append(Plan(None, "s", author, text))
    for author, who in content.WELCOMES:
        plans.append(Plan(None, "a", author, content.WELCOME_TEXT.format(who=who)))
    for number in range(8):
        a, b, c = rnd.sample(content.ALL_HANDS_POINTS, 3)
        text = content.ALL_HANDS[number % 2].format(a=a, b=b, c=c)
        plans.append(Plan(None, "u", rnd.choice(["amara", "ingrid", "orjan"]), text))
    for name, posts in GROUP_POSTS.items():
        plans.extend(Plan(name, kind, author, text) for kind, author, text in posts)
    for name, done, next_ in TEAM_UPDATES:
        written: set[str] = set()
        while len(written) < 6:
            did = rnd.sample(done, 2)
            text = (
                f"Weekly update from the {name.lower()}:\n\n**Done**\n- {did[0]}\n- {did[1]}"
                f"\n\n**Next**\n- {rnd.choice(next_)}\n\n#weekly"
            )
            if text not in written:
                written.add(text)
                plans.append(Plan(name, "u", None, text))
    for plan in plans:
        plan.members = _group_members(plan.group)
        if plan.author is None:
            plan.author = rnd.choice(plan.members)
        if plan.author not in plan.members:
            raise ValueError(f"{plan.author} is not in {plan.group}: {plan.text[:40]}")
        low, high = WINDOWS.get(plan.group, (0.02, DAYS))
        # More posts lately than months ago: the feeds look lively at the top.
        plan.days_ago = low + (high - low) * rnd.random() ** 1.5
    # Each group's first post (its welcome, usually pinned) and the company's first post
    # are the oldest of their kind.
    first_texts = {name: posts[0][2] for name, posts in GROUP_POSTS.items()}
    for plan in plans:
        if plan.group is not None and plan.text == first_texts[plan.group]:
            plan.days_ago = WINDOWS.get(plan.group, (0, DAYS))[1] + 1
    plans[0].days_ago = DAYS + 2
    return plans


def _when(rnd: random.Random, now: datetime, days_ago: float) -> datetime:
    """A working-hours moment about `days_ago` before now (weekends are quieter)."""
    moment = now - timedelta(days=days_ago)
    if moment.weekday() >= 5 and rnd.random() < 0.7:
        moment -= timedelta(days=moment.weekday() - 4)
    if days_ago > 1:
        moment = moment.replace(hour=rnd.randint(6, 16), minute=rnd.randint(0, 59))
    return min(moment, now - timedelta(minutes=rnd.uniform(15, 60)))


def add_posts() -> str | None:
    """About 300 posts with comments, reactions, mentions and topics, spread over months."""
    _kind, first_author, first_text = content.ORG_POSTS[0]
    if Post.objects.filter(author__username=first_author, body=first_text).exists():
        return None
    people = _people()
    groups = {g.name: g for g in Group.objects.filter(name__in=SPECS)}
    now = timezone.now()
    plans = plan_posts(random.Random(SEED))
    # Dates depend on today (weekends are moved); what is written does not: each post
    # draws its comments and reactions from a random stream of its own.
    clock = random.Random(SEED + 1)
    for plan in plans:
        plan.at = _when(clock, now, plan.days_ago)
    streams = {id(plan): random.Random(f"{SEED}-{n}") for n, plan in enumerate(plans)}
    plans.sort(key=lambda plan: plan.at)
    posts, comments, reactions = [], [], []
    for plan in plans:
        rnd = streams[id(plan)]
        post = post_actions.create_post(
            actor=people[plan.author], body=plan.text, group=groups.get(plan.group)
        )
        post.created_at = plan.at
        posts.append(post)
        span = min(timedelta(days=2), (now - plan.at) * 0.9)
        written = _comment_on(rnd, people, plan, post, span)
        comments.extend(written)
        reactions.extend(_react_to(rnd, people, plan, post, span))
        reactions.extend(_comment_reactions(rnd, people, plan, written))
    for reaction in reactions:
        reaction.created_at = min(reaction.created_at, now)
    Post.objects.bulk_update(posts, ["created_at"], batch_size=200)
    Comment.objects.bulk_update(comments, ["created_at"], batch_size=200)
    Reaction.objects.bulk_create(reactions, batch_size=500)
    edited = _edit_some(random.Random(SEED + 2), people, plans, posts, now)
    _date_mentions(posts)
    pinned = _pin_and_archive(people, groups, plans, posts, now)
    topics = Topic.objects.filter(post_topics__post__in=posts).distinct().count()
    mentions = Mention.objects.filter(post__in=posts).count()
    mentions += Mention.objects.filter(comment__in=comments).count()
    in_groups = sum(post.group_id is not None for post in posts)
    return (
        f"{len(posts)} posts ({len(posts) - in_groups} company-wide, {in_groups} in groups) "
        f"over the last {DAYS} days, {len(comments)} comments, "
        f"{Reaction.objects.filter(post__in=posts).count()} reactions on posts and "
        f"{Reaction.objects.filter(comment__in=comments).count()} on comments, "
        f"{mentions} mentions, {topics} topics, {edited} edited posts, "
        f"{pinned} pinned posts, {len(ARCHIVED)} archived group"
    )


def _comment_on(rnd, people, plan: Plan, post: Post, span: timedelta) -> list[Comment]:
    count = rnd.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 6])
    others = [m for m in plan.members if m != plan.author] or plan.members
    offsets = sorted(rnd.uniform(0.02, 1) for _ in range(count))
    written: list[Comment] = []
    said: set[str] = set()  # no one repeats a comment already under the post
    last = None
    for offset in offsets:
        top_level = [c for c in written if c.parent_id is None]
        if top_level and rnd.random() < 0.3:
            parent = rnd.choice(top_level)
            author = plan.author if parent.author.username != plan.author else rnd.choice(others)
            text = rnd.choice(content.REPLIES)
        else:
            parent = None
            author = rnd.choice([m for m in others if m != last] or others)
            unused = [t for t in content.COMMENTS[plan.kind] if t not in said]
            template = rnd.choice(unused)
            said.add(template)
            text = template.format(author=plan.author)
        comment = post_actions.create_comment(
            actor=people[author], post=post, body=text, parent=parent
        )
        comment.created_at = plan.at + span * offset
        written.append(comment)
        last = author
    return written


# Reactions are the one thing not written through posts.actions.react: ~1,800 of them
# one by one took most of the load on PostgreSQL. They keep its rules by construction:
# only people who may see the post (plan.members) react, once per kind, before any
# group is archived. test_content.py checks this.


def _react_to(rnd, people, plan: Plan, post: Post, span: timedelta) -> list[Reaction]:
    others = [m for m in plan.members if m != plan.author]
    count = min(len(others), rnd.choice([0, 1, 2, 3, 3, 4, 5, 6, 8, 10, 12]))
    made = []
    for username in rnd.sample(others, count):
        kinds = {rnd.choice(content.REACTIONS[plan.kind])}
        if rnd.random() < 0.1:
            kinds.add(rnd.choice(["celebrate", "insightful", "funny", "support"]))
        for kind in sorted(kinds):
            at = plan.at + span * rnd.uniform(0.01, 1)
            made.append(Reaction(user=people[username], post=post, kind=kind, created_at=at))
    return made


def _comment_reactions(rnd, people, plan: Plan, comments: list[Comment]) -> list[Reaction]:
    made = []
    for comment in comments:
        if rnd.random() > 0.3:
            continue
        others = [m for m in plan.members if m != comment.author.username]
        for username in rnd.sample(others, min(len(others), rnd.randint(1, 3))):
            kind = rnd.choice(["like", "like", "funny", "support", "insightful"])
            at = comment.created_at + timedelta(minutes=rnd.uniform(1, 90))
            made.append(Reaction(user=people[username], comment=comment, kind=kind, created_at=at))
    return made


EDITS = [
    "\n\n**Edit:** fixed the link, thanks for spotting it!",
    "\n\n*Edit: added the time zone.*",
    "\n\n**Oppdatert:** riktig dato nå.",
]


def _edit_some(rnd, people, plans, posts, now: datetime) -> int:
    """A few authors fixed their post afterwards: an edit history to look at."""
    candidates = sorted(
        (
            (plan, post)
            for plan, post in zip(plans, posts, strict=True)
            if plan.group not in ARCHIVED
        ),
        key=lambda pair: pair[0].text,
    )
    chosen = rnd.sample(candidates, 8)
    for plan, post in chosen:
        edited = post_actions.edit_post(
            actor=people[plan.author], post=post, body=plan.text + rnd.choice(EDITS)
        )
        when = min(post.created_at + timedelta(minutes=rnd.uniform(5, 120)), now)
        Post.objects.filter(pk=edited.pk).update(edited_at=when)
        edited.revisions.update(edited_at=when)
    return len(chosen)


def _date_mentions(posts: list[Post]) -> None:
    """A mention happened when its post or comment was written."""
    Mention.objects.filter(post__in=posts).update(
        created_at=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("created_at"))
    )
    Mention.objects.filter(comment__post__in=posts).update(
        created_at=Subquery(Comment.objects.filter(pk=OuterRef("comment_id")).values("created_at"))
    )


def _pin_and_archive(people, groups, plans, posts, now: datetime) -> int:
    first = {}
    for plan, post in zip(plans, posts, strict=True):
        if plan.group and plan.text == GROUP_POSTS[plan.group][0][2]:
            first[plan.group] = post
    for name in PINNED:
        group_actions.pin_post(
            actor=people[SPECS[name].owner], group=groups[name], post=first[name]
        )
    for name in ARCHIVED:
        group = group_actions.archive_group(actor=people[SPECS[name].owner], group=groups[name])
        last = max(post.created_at for post in posts if post.group_id == group.pk)
        Group.objects.filter(pk=group.pk).update(archived_at=min(last + timedelta(days=3), now))
    return len(PINNED)


# --- follows, topic follows, mutes ----------------------------------------------------

ADA_FOLLOWS = ["ingrid", "randi", "hakon", "priya", "maja", "wei", "chidi", "amara",
               "mohammed", "kenji", "thandiwe", "sindre"]  # fmt: skip
POPULAR_TOPICS = ["townhall", "security", "kaffe", "allhands", "newsletter", "launch",
                  "kudos", "hiring", "customers", "running", "fika", "møte", "teamwork",
                  "sustainability", "accessibility", "learning", "wellbeing"]  # fmt: skip
ADA_TOPICS = ["townhall", "security", "kaffe", "allhands", "newsletter", "launch", "it"]
MUTES = [("ada", "topic", "fotball"), ("priya", "topic", "fotball"),
         ("jonas", "group", "Coffee lovers"), ("tobias", "topic", "newsletter"),
         ("kenji", "person", "lars-erik")]  # fmt: skip


def add_follows() -> str | None:
    """People follow their manager, their reports and a few colleagues; topics and mutes."""
    counts = (Follow.objects.count(), TopicFollow.objects.count(), Mute.objects.count())
    people = _people()
    rnd = random.Random(SEED)
    topics = {t.key: t for t in Topic.objects.filter(key__in=[*POPULAR_TOPICS, *ADA_TOPICS])}
    by_manager: dict[str, list[str]] = {}
    for person in PEOPLE:
        by_manager.setdefault(person.manager, []).append(person.username)
    everyone = [p.username for p in PEOPLE]
    for person in PEOPLE:
        me = person.username
        wanted = set(by_manager.get(me, []))
        if person.manager:
            wanted.add(person.manager)
        wanted.update(rnd.sample(everyone, rnd.randint(3, 8)))
        if me == "ada":
            wanted.update(ADA_FOLLOWS)
        wanted.discard(me)
        for username in sorted(wanted):
            follows.follow_person(actor=people[me], person=people[username])
        keys = ADA_TOPICS if me == "ada" else rnd.sample(POPULAR_TOPICS, rnd.randint(1, 4))
        for key in keys:
            if key in topics:
                follows.follow_topic(actor=people[me], topic=topics[key])
    for muter, what, name in MUTES:
        if what == "topic":
            topic = Topic.objects.filter(key=name).first()
            if topic is not None:
                follows.mute(actor=people[muter], topic=topic)
        elif what == "group":
            follows.mute(actor=people[muter], group=Group.objects.get(name=name))
        else:
            follows.mute(actor=people[muter], person=people[name])
    added = [
        after - before
        for before, after in zip(
            counts,
            (Follow.objects.count(), TopicFollow.objects.count(), Mute.objects.count()),
            strict=True,
        )
    ]
    if not any(added):
        return None
    return f"{added[0]} follows between people, {added[1]} topic follows, {added[2]} mutes"
