"""Posts in the browser: create, permalink page, edit, history, delete, move, reactions,
"who reacted" and the @mention autocomplete. Comments are in views_comments.py.

Thin: every read goes through townhall.access (missing and forbidden are the same 404),
every write through townhall.posts.actions. Everything works as plain forms and links;
htmx (HX-Request) gets the changed fragment instead of a redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from townhall.access import posts as access
from townhall.access.groups import get_group_or_404, is_group_admin
from townhall.access.roles import is_admin, is_guest
from townhall.files.composer import with_attachments
from townhall.files.selectors import attach_files
from townhall.polls.composer import ComposerExtras
from townhall.posts import actions, selectors
from townhall.posts.forms import EditForm, MoveForm, PostForm
from townhall.posts.models import Post, Reaction
from townhall.posts.once import StillRunning, run_once

MENTION_LIMIT = 8


def is_htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def safe_next(request, fallback: str) -> str:
    """The form's `next` when it points inside this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def denied(request, error: PermissionDenied) -> HttpResponse:
    """The actor sees the thing but may not do this: a 403 page that says why."""
    message = str(error) or _("You cannot do that.")
    return render(request, "posts/denied.html", {"message": message}, status=403)


def form_errors(request, form, template: str, context: dict, status: int = 400):
    """Bad input: the form again with its messages (htmx: only the messages, 422)."""
    if is_htmx(request):
        return render(request, "posts/_errors.html", {"form": form}, status=422)
    return render(request, template, {**context, "form": form}, status=status)


def _feed_item(actor, post: Post):
    return selectors.feed_page(actor, Post.objects.filter(pk=post.pk), limit=1).items[0]


def _group_or_none(actor, group_id):
    return None if group_id in (None, "") else get_group_or_404(actor, pk=group_id)


# --- writing a post -------------------------------------------------------------------


@login_required
def create(request):
    """GET: a page with just the composer. POST: publish, then go back (htmx: the post)."""
    if request.method != "POST":
        return render(request, "posts/compose.html", {"form": PostForm()})
    form = PostForm(request.POST)
    extras = ComposerExtras(request.POST)  # a question and/or a poll (townhall.polls.composer)
    if not form.is_valid() or not extras.is_valid():
        for message in extras.messages():
            form.add_error("body", message)
        return form_errors(request, form, "posts/compose.html", {})
    group = _group_or_none(request.user, form.cleaned_data["group"])
    try:
        post, created = run_once(
            request.user,
            "post",
            form.cleaned_data["form_token"],
            with_attachments(  # files uploaded with or before the form: same transaction
                request,
                lambda: extras.publish(
                    actor=request.user, body=form.cleaned_data["body"], group=group
                ),
            ),
        )
    except ValidationError as error:
        form.add_action_error(error)
        return form_errors(request, form, "posts/compose.html", {})
    except PermissionDenied as error:
        return denied(request, error)
    except StillRunning:
        return HttpResponse(_("This post is already being published."), status=409)
    if not created:  # the same form again: nothing new, go where the first one went
        if is_htmx(request):
            return HttpResponse(status=204)
        return redirect(safe_next(request, reverse("posts:detail", args=[post])))
    if is_htmx(request):
        item = _feed_item(request.user, post)
        return render(request, "posts/_post.html", {"item": item}, status=201)
    messages.success(request, _("Your post is published."))
    return redirect(safe_next(request, reverse("posts:detail", args=[post.pk])))


# --- reading --------------------------------------------------------------------------


@login_required
@require_GET
def detail(request, post_id: int):
    post = access.get_post_or_404(request.user, pk=post_id)
    page = selectors.post_detail(request.user, post)
    user = request.user
    # Display hints only; every action re-checks through townhall.access.
    can_comment = access.can_comment_on_post(user, post)
    moderates = is_admin(user) or is_group_admin(user, post.group)
    reply_to = request.GET.get("reply", "")
    context = {
        "post": post,
        "item": page.item,
        "threads": page.threads,
        "can_comment": can_comment,
        "can_edit": access.can_edit_post(user, post),
        "can_delete": access.can_delete_post(user, post),
        "can_move": access.can_move_post(user, post),
        "can_history": access.can_view_post_history(user, post),
        "moderates": moderates,
        "reply_to": int(reply_to) if reply_to.isdigit() else None,
        "comment_form_body": "",
    }
    return render(request, "posts/detail.html", context)


@login_required
@require_GET
def history(request, post_id: int):
    post = access.get_post_or_404(request.user, pk=post_id)
    if not access.can_view_post_history(request.user, post):
        return denied(request, PermissionDenied(_("Only the author and moderators see this.")))
    revisions = list(post.revisions.select_related("editor"))
    return render(
        request, "posts/history.html", {"thing": post, "post": post, "revisions": revisions}
    )


# --- changing a post ------------------------------------------------------------------


@login_required
def edit(request, post_id: int):
    post = access.get_post_or_404(request.user, pk=post_id)
    if not access.can_edit_post(request.user, post):
        return denied(request, PermissionDenied(_("Only the author can edit this post.")))
    attach_files([post])  # its files, to keep or remove while editing
    context = {"post": post}
    if request.method != "POST":
        return render(
            request, "posts/edit.html", {**context, "form": EditForm(initial={"body": post.body})}
        )
    form = EditForm(request.POST)
    if form.is_valid():
        try:
            with_attachments(  # files added or removed while editing: same transaction
                request,
                lambda: actions.edit_post(
                    actor=request.user, post=post, body=form.cleaned_data["body"]
                ),
            )()
        except ValidationError as error:
            form.add_action_error(error)
        except PermissionDenied as error:
            return denied(request, error)
        else:
            messages.success(request, _("Your post is saved."))
            return redirect("posts:detail", post_id=post.pk)
    return form_errors(request, form, "posts/edit.html", context)


@login_required
def delete(request, post_id: int):
    post = access.get_post_or_404(request.user, pk=post_id)
    if not access.can_delete_post(request.user, post):
        return denied(request, PermissionDenied(_("You cannot delete this post.")))
    if request.method != "POST":
        return render(request, "posts/delete.html", {"post": post})
    try:
        actions.delete_post(actor=request.user, post=post)
    except PermissionDenied as error:
        return denied(request, error)
    messages.success(request, _("The post is deleted."))
    return redirect("home")


@login_required
def move(request, post_id: int):
    post = access.get_post_or_404(request.user, pk=post_id)
    if not access.can_move_post(request.user, post):
        return denied(request, PermissionDenied(_("You cannot move this post.")))
    form = MoveForm(
        request.POST or None,
        targets=selectors.move_targets(request.user, post),
        org_allowed=access.can_move_post_to(request.user, post, None),
        initial={"group": post.group_id or ""},
    )
    context = {"post": post, "form": form}
    if request.method != "POST":
        return render(request, "posts/move.html", context)
    if not form.is_valid():
        return render(request, "posts/move.html", context, status=400)
    try:
        actions.move_post(actor=request.user, post=post, group=form.target())
    except PermissionDenied as error:
        return denied(request, error)
    messages.success(request, _("The post is moved."))
    return redirect("posts:detail", post_id=post.pk)


# --- reactions ------------------------------------------------------------------------


def toggle_reaction(request, target, target_type: str, fallback: str):
    """`react=<kind>` or `unreact=<kind>`: stating the wanted end state makes a resent form
    harmless (adding twice or removing twice changes nothing). (Not "remove": a control
    of that name would hide the form element's own remove(), which htmx calls.)"""
    kind = request.POST.get("react") or request.POST.get("unreact") or ""
    verb = actions.react if "react" in request.POST else actions.unreact
    try:
        verb(actor=request.user, target=target, kind=kind)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    except PermissionDenied as error:
        return denied(request, error)
    if not is_htmx(request):
        return redirect(safe_next(request, fallback))
    counts, mine = selectors.reaction_summary(request.user, target)
    context = {"target": target, "target_type": target_type, "counts": counts, "mine": mine}
    return render(request, "posts/_reactions.html", context)


@login_required
@require_POST
def react(request, post_id: int):
    post = access.get_post_or_404(request.user, pk=post_id)
    return toggle_reaction(request, post, "post", reverse("posts:detail", args=[post.pk]))


def reactors_page(request, target, context: dict):
    groups = selectors.reactors(request.user, target)
    labels = dict(Reaction.Kind.choices)
    context["groups"] = [(kind, labels[kind], people) for kind, people in groups]
    return render(request, "posts/reactions.html", context)


@login_required
@require_GET
def reactions(request, post_id: int):
    post = access.get_post_or_404(request.user, pk=post_id)
    return reactors_page(request, post, {"post": post, "comment": None})


# --- @mention autocomplete ------------------------------------------------------------


@login_required
@require_GET
def mentions(request):
    """People (never groups) the person may see whose name contains `q`, for the composer."""
    people = selectors.mention_candidates(
        request.user, request.GET.get("q", "")[:64], MENTION_LIMIT
    )
    return JsonResponse(
        {
            "people": [
                {
                    "username": p.username,
                    "name": str(p),
                    "external": is_guest(p),  # shown as "External" next to the name
                    "badge": _("External") if is_guest(p) else "",
                }
                for p in people
            ]
        },
        headers={"Cache-Control": "private, no-store"},
    )
