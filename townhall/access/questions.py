"""Who may see questions and accept their answers.

- A question is visible exactly when its post is (townhall.access.posts); its answers are
  the post's comments, with their own rule there.
- Accepting (or un-accepting) an answer: the asker, an organisation moderator (admins
  count as moderators) or an owner/admin of the question's group, while the post can be
  commented on (not in an archived group).
"""

from django.db.models import QuerySet
from django.http import Http404

from townhall.access.groups import is_group_admin
from townhall.access.posts import can_comment_on_post, can_view_post, visible_posts
from townhall.access.roles import is_moderator
from townhall.questions.models import Question


def can_view_question(actor, question: Question) -> bool:
    return can_view_post(actor, question.post)


def visible_questions(actor, queryset: QuerySet[Question] | None = None) -> QuerySet[Question]:
    queryset = Question.objects.all() if queryset is None else queryset
    return queryset.filter(post__in=visible_posts(actor).values("pk"))


def get_question_or_404(actor, **lookup) -> Question:
    question = (
        visible_questions(actor)
        .select_related("post", "post__author", "post__group", "accepted_comment")
        .filter(**lookup)
        .first()
    )
    if question is None:
        raise Http404
    return question


def can_accept_answer(actor, question: Question) -> bool:
    """Also the rule for taking an acceptance back. `question.post` with its group loaded."""
    post = question.post
    if not can_comment_on_post(actor, post):
        return False
    return post.author_id == actor.pk or is_moderator(actor) or is_group_admin(actor, post.group)
