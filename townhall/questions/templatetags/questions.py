"""Question marks on post cards and answers, without queries per comment.

{% question_of post as question %}          the post's Question or None
{% can_accept question as may_accept %}     access.can_accept_answer, asked once a page
"""

from django import template

from townhall.access.questions import can_accept_answer
from townhall.posts.models import Post
from townhall.questions.selectors import question_of as _question_of

register = template.Library()


@register.simple_tag
def question_of(post):
    return _question_of(post) if isinstance(post, Post) else None


@register.simple_tag(takes_context=True)
def can_accept(context, question):
    """Display hint only (the action checks again); remembered for the page's request."""
    if question is None:
        return False
    user = context.get("user")
    memo = context.render_context.setdefault("questions_can_accept", {})
    if question.pk not in memo:
        memo[question.pk] = bool(user) and can_accept_answer(user, question)
    return memo[question.pk]
