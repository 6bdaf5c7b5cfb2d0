"""Writes to questions: ask one, accept an answer, take the acceptance back.

Keyword-only arguments, the actor first, one transaction each, access re-checked inside
(townhall.access.questions): ``Http404`` when the actor cannot see the question (same as
missing), ``PermissionDenied`` when they see it but may not do this, ``ValidationError``
for bad input (an answer that is not one of this question's answers).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.access.posts import can_view_comment
from townhall.access.questions import can_accept_answer, can_view_question
from townhall.events.outbox import emit
from townhall.groups.models import Group
from townhall.posts import actions as post_actions
from townhall.posts.models import Comment, Post
from townhall.questions.models import Question


@transaction.atomic
def create_question(*, actor, body: str, group: Group | None = None) -> Question:
    """Ask a question: a post (through townhall.posts.actions.create_post, with all its
    rules) that carries a Question, written in one transaction."""
    post = post_actions.create_post(actor=actor, body=body, group=group)
    return attach_question(post=post)


def attach_question(*, post: Post) -> Question:
    """Make a post just created in the caller's transaction a question (the composer and
    townhall.polls.actions.create_poll use it for a question with a poll)."""
    return Question.objects.create(post=post, created_at=post.created_at)


def _locked(actor, question: Question) -> Question:
    current = (
        Question.objects.select_for_update(of=("self",))
        .select_related("post", "post__group", "accepted_comment")
        .filter(pk=question.pk)
        .first()
    )
    if current is None or not can_view_question(actor, current):
        raise Http404
    if not can_accept_answer(actor, current):
        raise PermissionDenied(_("Only the person who asked or a moderator can do this."))
    return current


def _answer(actor, question: Question, comment: Comment | int) -> Comment:
    pk = comment.pk if isinstance(comment, Comment) else comment
    answer = (
        Comment.objects.select_related("post", "post__group", "parent").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if answer is None or not can_view_comment(actor, answer):
        raise ValidationError(_("There is no such answer."), code="answer")
    if answer.post_id != question.post_id:
        raise ValidationError(_("That comment answers another question."), code="answer")
    if answer.parent_id is not None:
        raise ValidationError(
            _("Only an answer can be accepted, not a reply to one."), code="answer"
        )
    return answer


@transaction.atomic
def accept_answer(*, actor, question: Question, comment: Comment | int) -> Question:
    """Mark `comment` (a top-level comment on the question's post) as the accepted answer,
    replacing any earlier one. Accepting the accepted answer again changes nothing."""
    question = _locked(actor, question)
    answer = _answer(actor, question, comment)
    if question.accepted_comment_id == answer.pk:
        return question
    question.accepted_comment = answer
    question.accepted_at = timezone.now()
    question.accepted_by = actor
    question.save(update_fields=["accepted_comment", "accepted_at", "accepted_by"])
    recipients = [] if answer.author_id == actor.pk else [answer.author_id]
    emit(
        "question.answer_accepted",
        actor=actor,
        subject=question,
        recipients=recipients,
        post=question.post_id,
        comment=answer.pk,
    )
    return question


@transaction.atomic
def unaccept_answer(*, actor, question: Question) -> Question:
    """The question is open again. Without an accepted answer this changes nothing."""
    question = _locked(actor, question)
    if question.accepted_comment_id is None:
        return question
    question.accepted_comment = None
    question.accepted_at = None
    question.accepted_by = None
    question.save(update_fields=["accepted_comment", "accepted_at", "accepted_by"])
    return question
