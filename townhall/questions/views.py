"""Questions in the browser: the open (unanswered) questions list, accepting an answer.

A question is shown as the post card that carries it; accepting is a plain form POST from
the post page that redirects back to the accepted answer.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from townhall.access.groups import get_group_or_404
from townhall.access.questions import get_question_or_404
from townhall.posts.selectors import feed_page
from townhall.questions import actions, selectors


@login_required
@require_GET
def unanswered(request):
    """Every question the person may see without an accepted answer, newest first;
    `?group=<slug>` keeps one group's."""
    slug = request.GET.get("group", "")
    group = get_group_or_404(request.user, slug=slug) if slug else None
    try:
        page = feed_page(
            request.user, selectors.unanswered_posts(group), request.GET.get("after") or None
        )
    except ValidationError:
        page = None
    context = {
        "nav": "questions",
        "group": group,
        "groups": selectors.question_groups(request.user),
        "page": page,
    }
    return render(request, "questions/unanswered.html", context, status=200 if page else 400)


def _back(question, comment_id=None) -> str:
    anchor = f"#comment-{comment_id}" if comment_id else ""
    return reverse("posts:detail", args=[question.post_id]) + anchor


@login_required
@require_POST
def accept(request, question_id: int):
    question = get_question_or_404(request.user, pk=question_id)
    comment_id = request.POST.get("comment", "")
    try:
        actions.accept_answer(
            actor=request.user,
            question=question,
            comment=int(comment_id) if comment_id.isdigit() else -1,
        )
    except (ValidationError, PermissionDenied) as error:
        status = 403 if isinstance(error, PermissionDenied) else 400
        message = " ".join(getattr(error, "messages", [str(error)]))
        return render(
            request,
            "questions/refused.html",
            {"question": question, "message": message},
            status=status,
        )
    messages.success(request, _("The answer is accepted."))
    return redirect(_back(question, comment_id))


@login_required
@require_POST
def unaccept(request, question_id: int):
    question = get_question_or_404(request.user, pk=question_id)
    try:
        actions.unaccept_answer(actor=request.user, question=question)
    except PermissionDenied as error:
        return render(
            request,
            "questions/refused.html",
            {"question": question, "message": str(error)},
            status=403,
        )
    messages.success(request, _("The question is open again."))
    return redirect(_back(question))
