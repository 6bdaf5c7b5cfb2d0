"""Visitor comment pages: the comment form, the held comments' decisions (shown in the one
review queue, townhall.moderation), blocks, unsubscribe links."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from townhall.access import commenters as access
from townhall.blogs.models import ArticleComment
from townhall.commenters import actions, notices, selectors
from townhall.commenters.forms import VisitorCommentForm
from townhall.commenters.models import CommenterBlock


def _visitor(request):
    """The commenter identity signed in in this browser, or the anonymous user."""
    return request.commenter or request.user


def _allow_provider_redirects(response, providers) -> None:
    """The sign-in buttons are forms that redirect to the provider: CSP's form-action must
    name the provider's origin (Chromium checks redirects after a form submission)."""
    origins = set()
    for app in providers:
        url = (app.settings or {}).get("server_url") or PROVIDER_ORIGINS.get(app.provider, "")
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    if origins:
        response._csp_update = {"form-action": sorted(origins)}


PROVIDER_ORIGINS = {
    "google": "https://accounts.google.com",
    "facebook": "https://www.facebook.com",
    "twitter_oauth2": "https://x.com",
    "wordpress_com": "https://public-api.wordpress.com",
}


def _local_path(request, candidate: str, *, prefixes=("/comments/", "/blogs/")) -> str | None:
    """`candidate` if it is a path of our comment or blog pages, else None."""
    safe = candidate.startswith(prefixes) and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if safe else None


def _back_to(request, article) -> str:
    """Back to the article page the form was on (townhall.blogs), else our comment page."""
    return _local_path(request, request.POST.get("back_to", "")) or reverse(
        "commenters:comment", args=[article.pk]
    )


def _add_errors(form, error: ValidationError) -> None:
    """An action's errors onto the form: on their field when the form shows it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _sign_in_buttons(request, apps, next_url: str) -> list[tuple[str, str]]:
    buttons = []
    for app in apps:
        provider = app.get_provider(request)
        buttons.append((app.name, provider.get_login_url(request, process="login", next=next_url)))
    return buttons


def comment(request, article_id: int):
    """A public article with its approved comments and the visitor comment form."""
    visitor = _visitor(request)
    article = access.get_visitor_commentable_article_or_404(visitor, pk=article_id)
    signed_in = request.commenter is not None
    form = VisitorCommentForm(request.POST or None, signed_in=signed_in)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if signed_in:
                who = actions.visitor_from_commenter(visitor)
            else:
                who = actions.Visitor(data["name"], data["email"], data["website"])
            posted = actions.submit_visitor_comment(
                actor=visitor,
                article=article,
                body=data["body"],
                visitor=who,
                ip_address=request.META.get("REMOTE_ADDR"),
                notify_followups=data["notify_followups"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if posted.status == ArticleComment.Status.PENDING:
                messages.success(
                    request,
                    _(
                        "Thank you. Your comment waits for moderation: it appears once "
                        "the author approves it."
                    ),
                )
            else:
                messages.success(request, _("Thank you. Your comment is published."))
            return redirect(_back_to(request, article) + "#comments")
    providers = [] if signed_in else selectors.sign_in_providers()
    response = render(
        request,
        "commenters/comment.html",
        {
            "article": article,
            "comments": selectors.approved_comments(visitor, article),
            "form": form,
            "commenter": request.commenter,
            "sign_in_buttons": _sign_in_buttons(
                request, providers, reverse("commenters:comment", args=[article.pk])
            ),
        },
        status=400 if request.method == "POST" else 200,
    )
    _allow_provider_redirects(response, providers)
    return response


@require_POST
def sign_out(request):
    """A commenter signs out (allauth's sign-out page is for members)."""
    next_url = _local_path(request, request.POST.get("next", "")) or "/"
    logout(request)
    return redirect(next_url)


def signin_refused(request):
    return render(request, "commenters/signin_refused.html", status=403)


def moderation(request):
    """The old address of the visitor-comment queue: the held comments are now part of the
    one review queue (townhall.moderation), which decides who sees what."""
    return redirect(reverse("moderation:queue") + "?show=held", permanent=True)


MODERATION_VERBS = {
    "approve": ArticleComment.Status.APPROVED,
    "reject": ArticleComment.Status.REJECTED,
    "spam": ArticleComment.Status.SPAM,
}
DONE = {
    "approve": _("Comment approved: it is visible on the article now."),
    "reject": _("Comment rejected."),
    "spam": _("Comment marked as spam."),
    "block_email": _("Email address blocked; the comment is marked as spam."),
    "block_ip": _("IP address blocked; the comment is marked as spam."),
}


@login_required
@require_POST
def moderate(request, comment_id: int):
    comment = access.get_moderatable_comment_or_404(request.user, pk=comment_id)
    verb = request.POST.get("verb", "")
    try:
        if verb in MODERATION_VERBS:
            actions.moderate_comment(
                actor=request.user, comment=comment, status=MODERATION_VERBS[verb]
            )
        elif verb in ("block_email", "block_ip"):
            kind = CommenterBlock.Kind.EMAIL if verb == "block_email" else CommenterBlock.Kind.IP
            actions.block_commenter(actor=request.user, comment=comment, kind=kind)
        else:
            raise ValidationError(_("Choose approve, reject, spam or block."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(DONE[verb]))
    return redirect(reverse("moderation:queue") + "?show=held")


@login_required
def blocks(request):
    if not access.can_manage_blocks(request.user):
        raise Http404
    if request.method == "POST":
        block = (
            selectors.blocks().filter(pk=request.POST.get("block", "")).first()
            if request.POST.get("block", "").isdigit()
            else None
        )
        if block is None:
            messages.error(request, _("That block was lifted already."))
        else:
            actions.lift_block(actor=request.user, block=block)
            messages.success(request, _("Block lifted."))
        return redirect("commenters:blocks")
    return render(request, "commenters/blocks.html", {"blocks": selectors.blocks()})


def _unsubscribe_page(request, *, done: bool, what: str):
    return render(
        request,
        "commenters/unsubscribed.html",
        {"done": done, "what": what},
        status=200 if done else 404,
    )


@csrf_exempt  # the signed token is the permission; mail programs POST here (RFC 8058)
def unsubscribe_followups(request, token: str):
    found = notices.read_followup_token(token)
    if found is not None:
        actions.stop_followups(article_id=found[0], email=found[1])
    return _unsubscribe_page(
        request, done=found is not None, what=_("new comments on this article")
    )


@csrf_exempt
def unsubscribe_notices(request, token: str):
    user_id = notices.read_notice_token(token)
    if user_id is not None:
        actions.stop_moderation_notices(user_id=user_id)
    return _unsubscribe_page(
        request, done=user_id is not None, what=_("comments waiting for your approval")
    )
