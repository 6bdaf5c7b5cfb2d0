"""Comments in the browser: write, reply, permalink, edit, history, delete, react."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from townhall.access import posts as access
from townhall.files.composer import with_attachments
from townhall.files.selectors import attach_files
from townhall.posts import actions
from townhall.posts.forms import CommentForm, EditForm
from townhall.posts.once import StillRunning, run_once
from townhall.posts.views import denied, form_errors, is_htmx, reactors_page, toggle_reaction


def comment_url(comment) -> str:
    return reverse("posts:detail", args=[comment.post_id]) + f"#comment-{comment.pk}"


@login_required
@require_POST
def create(request, post_id: int):
    """A comment on the post, or (with `parent`) a reply; htmx gets the new comment."""
    post = access.get_post_or_404(request.user, pk=post_id)
    form = CommentForm(request.POST)
    context = {"post": post}
    if not form.is_valid():
        return form_errors(request, form, "posts/comment_form_page.html", context)
    parent = None
    if form.cleaned_data["parent"] is not None:
        parent = access.get_comment_or_404(request.user, pk=form.cleaned_data["parent"])
    try:
        comment, created = run_once(
            request.user,
            "comment",
            form.cleaned_data["form_token"],
            with_attachments(  # files uploaded with or before the form: same transaction
                request,
                lambda: actions.create_comment(
                    actor=request.user, post=post, body=form.cleaned_data["body"], parent=parent
                ),
            ),
        )
    except ValidationError as error:
        form.add_action_error(error)
        return form_errors(request, form, "posts/comment_form_page.html", context)
    except PermissionDenied as error:
        return denied(request, error)
    except StillRunning:
        return HttpResponse(_("This comment is already being sent."), status=409)
    if not created:
        if is_htmx(request):
            return HttpResponse(status=204)
        return redirect(reverse("posts:detail", args=[post.pk]) + f"#comment-{comment}")
    if is_htmx(request):
        attach_files([post], [comment])  # its thumbnails show at once, without a reload
        context = {"comment": comment, "counts": {}, "mine": set()}
        return render(request, "posts/_new_comment.html", context, status=201)
    messages.success(request, _("Your comment is published."))
    return redirect(comment_url(comment))


@login_required
@require_GET
def permalink(request, comment_id: int):
    comment = access.get_comment_or_404(request.user, pk=comment_id)
    return redirect(comment_url(comment))


@login_required
def edit(request, comment_id: int):
    comment = access.get_comment_or_404(request.user, pk=comment_id)
    if not access.can_edit_comment(request.user, comment):
        return denied(request, PermissionDenied(_("Only the author can edit this comment.")))
    context = {"comment": comment, "post": comment.post}
    if request.method != "POST":
        form = EditForm(initial={"body": comment.body})
        return render(request, "posts/comment_edit.html", {**context, "form": form})
    form = EditForm(request.POST)
    if form.is_valid():
        try:
            actions.edit_comment(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_action_error(error)
        except PermissionDenied as error:
            return denied(request, error)
        else:
            messages.success(request, _("Your comment is saved."))
            return redirect(comment_url(comment))
    return form_errors(request, form, "posts/comment_edit.html", context)


@login_required
@require_GET
def history(request, comment_id: int):
    comment = access.get_comment_or_404(request.user, pk=comment_id)
    if not access.can_view_comment_history(request.user, comment):
        return denied(request, PermissionDenied(_("Only the author and moderators see this.")))
    revisions = list(comment.revisions.select_related("editor"))
    context = {"thing": comment, "post": comment.post, "revisions": revisions}
    return render(request, "posts/history.html", context)


@login_required
def delete(request, comment_id: int):
    comment = access.get_comment_or_404(request.user, pk=comment_id)
    if not access.can_delete_comment(request.user, comment):
        return denied(request, PermissionDenied(_("You cannot delete this comment.")))
    if request.method != "POST":
        return render(
            request, "posts/comment_delete.html", {"comment": comment, "post": comment.post}
        )
    try:
        actions.delete_comment(actor=request.user, comment=comment)
    except PermissionDenied as error:
        return denied(request, error)
    messages.success(request, _("The comment is deleted."))
    return redirect("posts:detail", post_id=comment.post_id)


@login_required
@require_POST
def react(request, comment_id: int):
    comment = access.get_comment_or_404(request.user, pk=comment_id)
    return toggle_reaction(request, comment, "comment", comment_url(comment))


@login_required
@require_GET
def reactions(request, comment_id: int):
    comment = access.get_comment_or_404(request.user, pk=comment_id)
    return reactors_page(request, comment, {"post": comment.post, "comment": comment})
