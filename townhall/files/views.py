"""Pages and endpoints of attachments: upload (composer), the files' URLs (through the
permission layer), a post's gallery, removing a file or a link card, the file browsers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from townhall.access.articles import get_article_or_404
from townhall.access.files import can_change_attachment, get_attachment_or_404
from townhall.access.groups import get_group_or_404
from townhall.access.posts import can_comment_on_post, get_post_or_404
from townhall.files import actions, selectors, serving
from townhall.files.models import Attachment


def attachment_json(attachment: Attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "state": attachment.state,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "alt_text": attachment.alt_text,
        "thumb_url": reverse("files:file", args=[attachment.pk, "thumb"]),
        "url": reverse("files:file", args=[attachment.pk, "download"]),
    }


@login_required
@require_POST
def upload(request):
    """The composer's upload (XMLHttpRequest, for its progress bar): JSON either way."""
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a file to upload.")}, status=400)
    try:
        attachment = actions.upload_file(
            actor=request.user, upload=upload, alt_text=request.POST.get("alt_text", "")
        )
    except ValidationError as error:
        status = 413 if error.code == "too_large" else 400
        return JsonResponse({"error": " ".join(error.messages)}, status=status)
    return JsonResponse(attachment_json(attachment), status=201)


@require_GET
def file(request, attachment_id: int, rendition: str):
    """Every URL of a file's bytes. Not `login_required`: a public article's files are for
    anyone on the internet; for everything else the permission layer answers 404 to a
    visitor, exactly as for a missing file."""
    attachment = get_attachment_or_404(request.user, pk=attachment_id)
    if attachment.kind == Attachment.Kind.LINK and rendition != "thumb":
        raise Http404
    return serving.respond(attachment, rendition)


@login_required
@require_GET
def status(request, attachment_id: int):
    """Whether a picture is ready yet (the composer polls this after uploading)."""
    attachment = get_attachment_or_404(request.user, pk=attachment_id)
    return JsonResponse(attachment_json(attachment))


@login_required
@require_GET
def gallery(request, post_id: int):
    post = get_post_or_404(request.user, pk=post_id)
    pictures = selectors.post_pictures(request.user, post)
    if not pictures:
        raise Http404
    return render(request, "files/gallery.html", {"post": post, "pictures": pictures})


@require_GET
def article_gallery(request, article_id: int):
    """An article's pictures (open to anonymous visitors when the article is public)."""
    article = get_article_or_404(request.user, pk=article_id)
    pictures = selectors.article_pictures(request.user, article)
    if not pictures:
        raise Http404
    context = {"article": article, "pictures": pictures}
    return render(request, "files/gallery.html", context)


def _back_to(attachment: Attachment, post_id: int | None) -> str:
    if attachment.article_id is not None:
        article = attachment.article
        return reverse("blogs:edit", args=[article.author.username, article.slug])
    if post_id:
        return reverse("posts:detail", args=[post_id])
    return reverse("files:mine")


@login_required
@require_GET
def feed_comment_form(request, post_id: int):
    """The comment form (with files) under a feed card, fetched when it is opened."""
    post = get_post_or_404(request.user, pk=post_id)
    if not can_comment_on_post(request.user, post):
        raise Http404
    context = {"post": post, "cid": f"post-{post.pk}-comment"}
    return render(request, "files/_feed_comment_form.html", context)


@login_required
def remove(request, attachment_id: int):
    """Remove a file or a link card (the author): GET asks, POST does."""
    attachment = get_attachment_or_404(request.user, pk=attachment_id)
    if not can_change_attachment(request.user, attachment):
        raise Http404
    post_id = attachment.post_id or (attachment.comment.post_id if attachment.comment else None)
    if request.method == "POST":
        try:
            actions.delete_attachment(actor=request.user, attachment=attachment)
        except PermissionDenied as error:
            return HttpResponse(str(error), status=403)
        if getattr(request, "htmx", None):
            return HttpResponse("")
        return redirect(_back_to(attachment, post_id))
    context = {"attachment": attachment, "post_id": post_id, "back": _back_to(attachment, post_id)}
    return render(request, "files/remove.html", context)


def _browser(request, *, title: str, group=None, shared=False, mine=False):
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "")
    page = selectors.file_page(
        request.user,
        group=group,
        shared_with_me=shared,
        mine=mine,
        query=query,
        kind=kind,
        after_cursor=request.GET.get("after"),
    )
    context = {"page": page, "title": title, "group": group, "kind": kind, "q": query}
    context["nav"] = "groups" if group else "files"
    return render(request, "files/browser.html", context)


@login_required
@require_GET
def group_files(request, slug: str):
    group = get_group_or_404(request.user, slug=slug)
    title = _("Files in %(group)s") % {"group": group.name}
    return _browser(request, title=title, group=group)


@login_required
@require_GET
def shared(request):
    return _browser(request, title=_("Files shared with me"), shared=True)


@login_required
@require_GET
def mine(request):
    return _browser(request, title=_("My files"), mine=True)
