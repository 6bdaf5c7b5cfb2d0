"""Members' comments on articles: add, edit own, delete own (the article's author and
moderators delete any). Visitors' comments are townhall.commenters'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.access import articles as access
from townhall.blogs import actions, selectors
from townhall.blogs.forms import CommentForm
from townhall.blogs.views import _article_or_404, article_url, denied, is_htmx


def _comment_url(comment) -> str:
    return f"{article_url(comment.article)}#article-comment-{comment.pk}"


@login_required
@require_POST
def create(request, username: str, slug: str):
    article = _article_or_404(request.user, username, slug)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        comment = actions.add_article_comment(
            actor=request.user, article=article, body=form.cleaned_data.get("body", "")
        )
    except ValidationError as error:
        form.add_action_error(error, default="body")
        if is_htmx(request):
            return render(request, "blogs/_comment_errors.html", {"form": form}, status=422)
        context = {
            "article": article,
            "comments": selectors.article_comments(request.user, article),
            "can_comment": True,
            "signed_in": True,
            "comment_form": form,
        }
        return render(request, "blogs/article.html", context, status=400)
    except PermissionDenied as error:
        return denied(request, error)
    comment.article = article
    if is_htmx(request):
        context = {
            "comment": comment,
            "article": article,
            "moderates": access.moderates_article(request.user, article),
        }
        return render(request, "blogs/_comment.html", context, status=201)
    messages.success(request, _("Your comment is posted."))
    return redirect(_comment_url(comment))


@login_required
def edit(request, comment_id: int):
    comment = access.get_article_comment_or_404(request.user, pk=comment_id)
    if not access.can_edit_article_comment(request.user, comment):
        return denied(request, PermissionDenied(_("Only the author can edit this comment.")))
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST":
        form.is_valid()
        try:
            actions.edit_article_comment(
                actor=request.user, comment=comment, body=form.cleaned_data.get("body", "")
            )
        except ValidationError as error:
            form.add_action_error(error, default="body")
            return render(
                request, "blogs/comment_edit.html", {"form": form, "comment": comment}, status=400
            )
        messages.success(request, _("Your comment is saved."))
        return redirect(_comment_url(comment))
    return render(request, "blogs/comment_edit.html", {"form": form, "comment": comment})


@login_required
def delete(request, comment_id: int):
    comment = access.get_article_comment_or_404(request.user, pk=comment_id)
    if not access.can_delete_article_comment(request.user, comment):
        return denied(request, PermissionDenied(_("You cannot delete this comment.")))
    if request.method != "POST":
        return render(request, "blogs/comment_delete.html", {"comment": comment})
    actions.delete_article_comment(actor=request.user, comment=comment)
    messages.success(request, _("The comment is deleted."))
    return redirect(article_url(comment.article) + "#comments")
