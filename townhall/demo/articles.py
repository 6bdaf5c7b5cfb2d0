"""The demo's articles: the two leaders (Ingrid, CEO; Håkon, CTO) write public and internal
articles, one for a group, and members comment. Written through townhall.blogs.actions,
then backdated like the posts. A step for load.py: adds nothing when articles exist."""

from datetime import timedelta

from django.utils import timezone

from townhall.accounts.models import User
from townhall.blogs import actions
from townhall.blogs.models import Article, ArticleComment
from townhall.groups.models import Group

# author, title, audience ("group": a group the author belongs to), days ago, summary, body,
# comments as (username, text)
ARTICLES = [
    ("ingrid", "Why we work in the open", "public", 40,
     "Our leadership team writes here first. This is why.",
     "For ten years we made decisions in rooms and explained them in slides.\n\n"
     "From now on **the reasoning comes first**, in writing, where anyone can ask about it.\n\n"
     "## What changes\n\n- Leadership decisions get a short article here\n"
     "- Questions get answers within a week\n- Nothing is final until you had a chance to comment",
     [("amara", "Thank you. This is the single best thing for internal communication this year."),
      ("orjan", "We will track the one-week promise in the leadership OKRs.")]),
    ("ingrid", "Our plan for the next year", "organisation", 12,
     "Three priorities, and what we stop doing to make room for them.",
     "We have three priorities:\n\n1. Customers first in every roadmap\n2. Fewer, better products\n"
     "3. A place people want to work\n\nAnd we **stop** two projects. Details inside.",
     [("priya", "Which two projects? The platform team would like to plan."),
      ("ingrid", "The reporting rewrite and the legacy mobile app. More next week.")]),
    ("hakon", "How we choose technology", "public", 25,
     "Boring technology, written reasons, and a yearly review.",
     "We pick **boring technology** on purpose: PostgreSQL, Python, plain HTML.\n\n"
     "Each choice gets a one-page decision record. Anyone may challenge one, once a year.",
     [("priya", "The decision records helped me onboard two new people last month.")]),
    ("hakon", "Engineering hiring this spring", "group", 5,
     "Where we hire, how interviews work, and how you can help.",
     "We open six positions. Interviews are a paid, take-home exercise and a conversation.\n\n"
     "Refer people you would like to work with.",
     []),
]  # fmt: skip


def _group_of(user: User) -> Group | None:
    return (
        Group.objects.filter(memberships__user=user, archived_at__isnull=True)
        .order_by("-kind", "name")
        .first()
    )


def add_articles() -> str | None:
    if Article.objects.exists():
        return None
    people = {u.username: u for u in User.objects.filter(is_active=True)}
    now = timezone.now()
    written = comments = 0
    for username, title, audience, days_ago, summary, body, replies in ARTICLES:
        author = people.get(username)
        if author is None:
            continue
        group = _group_of(author) if audience == "group" else None
        if audience == "group" and group is None:
            audience = "organisation"
        article = actions.create_article(
            actor=author, title=title, summary=summary, body=body, audience=audience,
            group=group, allow_visitor_comments=audience == "public",
        )  # fmt: skip
        actions.publish_article(actor=author, article=article)
        when = now - timedelta(days=days_ago)
        Article.objects.filter(pk=article.pk).update(created_at=when, published_at=when)
        written += 1
        for number, (commenter, text) in enumerate(replies, start=1):
            person = people.get(commenter)
            if person is None:
                continue
            comment = actions.add_article_comment(actor=person, article=article, body=text)
            ArticleComment.objects.filter(pk=comment.pk).update(
                created_at=when + timedelta(hours=3 * number)
            )
            comments += 1
    draft = people.get("hakon")
    if draft is not None:
        actions.create_article(
            actor=draft, title="Notes on our next architecture review", body="Work in progress."
        )
    return f"{written} articles by leaders (public and internal), {comments} comments, a draft"
