"""Articles in the browser: the blogs list, a person's blog, the article page (open to
anonymous visitors when the article is public), writing with preview, publish/schedule/
unpublish, history, delete, pictures, the Leadership page and the admin's blog setting.
Comments are in views_comments.py, Atom feeds in feeds.py.

Thin: reads go through townhall.access.articles (forbidden and missing are the same 404),
writes through townhall.blogs.actions. Only `article`, `blog`, `image` and `cover` let
anonymous visitors in; every other view is `login_required`.
"""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from townhall.access import articles as access
from townhall.access.people import get_person_or_404
from townhall.access.roles import is_active_member, is_commenter, organisation_people
from townhall.accounts.models import User
from townhall.blogs import actions, selectors
from townhall.blogs.forms import ArticleForm, BlogSettingsForm, CommentForm, ImageForm
from townhall.blogs.models import Article, ArticleImage
from townhall.files.composer import with_attachments
from townhall.files.selectors import article_files
from townhall.groups.models import Group
from townhall.siteadmin.navigation import SECTIONS

PAGE_SIZE = 20
IMAGE_ERRORS = ("too_large", "not_an_image", "too_many_pixels")


def is_htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def denied(request, error: PermissionDenied) -> HttpResponse:
    message = str(error) or _("You cannot do that.")
    return render(request, "posts/denied.html", {"message": message}, status=403)


def article_url(article: Article) -> str:
    return reverse("blogs:article", args=[article.author.username, article.slug])


def _article_or_404(actor, username: str, slug: str) -> Article:
    return access.get_article_or_404(actor, author__username=username, slug=slug)


def _page(request, queryset=None):
    try:
        return selectors.published_page(
            request.user, queryset, request.GET.get("after") or None, limit=PAGE_SIZE
        )
    except ValidationError as error:
        raise Http404 from error


# --- lists ----------------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    """Recent articles I may read, and my own unpublished ones."""
    context = {
        "page": _page(request),
        "mine": selectors.unpublished_of(request.user),
        "nav": "blogs",
    }
    return render(request, "blogs/index.html", context)


@require_GET
def blog(request, username: str):
    """A person's blog. Anonymous visitors see it only when it has public articles."""
    actor = request.user
    if is_active_member(actor):
        author = get_person_or_404(actor, username=username)
    else:
        author = organisation_people(User.objects.filter(username=username)).first()
        if author is None or not access.visible_articles(actor).filter(author=author).exists():
            raise Http404
    page = _page(request, Article.objects.filter(author=author))
    mine = selectors.unpublished_of(actor) if author.pk == getattr(actor, "pk", None) else []
    context = {"author": author, "page": page, "mine": mine}
    return render(request, "blogs/blog.html", context)


@login_required
@require_GET
def leadership(request):
    if not access.can_view_leadership(request.user):  # an external guest
        raise Http404
    context = {"leadership": selectors.leadership(request.user), "nav": "leadership"}
    return render(request, "blogs/leadership.html", context)


# --- one article ----------------------------------------------------------------------


@require_GET
def article(request, username: str, slug: str):
    """The article page. Public articles open without signing in."""
    actor = request.user
    item = _article_or_404(actor, username, slug)
    signed_in = is_active_member(actor)
    item.files = article_files(actor, item)
    context = {
        "article": item,
        "comments": selectors.article_comments(actor, item),
        "signed_in": signed_in,
        "can_comment": access.can_comment_on_article(actor, item),
        "can_edit": access.can_edit_article(actor, item),
        "can_unpublish": access.can_unpublish_article(actor, item),
        "can_delete": access.can_delete_article(actor, item),
        "can_history": access.can_view_article_history(actor, item) and item.revisions.exists(),
        "moderates": access.moderates_article(actor, item),
        "comment_form": CommentForm(),
        "visitor": not signed_in or is_commenter(actor),
    }
    return render(request, "blogs/article.html", context)


def _groups_for(actor) -> list[Group]:
    return list(
        Group.objects.filter(memberships__user=actor, archived_at__isnull=True).order_by("name")
    )


def _form(request, data=None, files=None, initial=None) -> ArticleForm:
    return ArticleForm(
        data,
        files,
        initial=initial,
        groups=_groups_for(request.user),
        public_allowed=access.can_publish_publicly(request.user),
    )


def _preview(form: ArticleForm) -> str | None:
    if not form.is_bound or form.data.get("intent") != "preview":
        return None
    return actions.render_body(form.data.get("body", ""))


def _publish_after_save(request, form, saved: Article) -> Article:
    intent = request.POST.get("intent", "draft")
    if intent == "publish":
        return actions.publish_article(actor=request.user, article=saved)
    if intent == "schedule":
        when = form.cleaned_data.get("publish_at")
        if when is None:
            raise ValidationError(_("Choose when to publish it."), code="publish_at")
        if when <= timezone.now():
            raise ValidationError(_("Choose a time in the future."), code="publish_at")
        return actions.publish_article(actor=request.user, article=saved, publish_at=when)
    return saved


def _saved_message(request, saved: Article) -> None:
    if saved.status == Article.Status.PUBLISHED:
        messages.success(request, _("Your article is published."))
    elif saved.status == Article.Status.SCHEDULED:
        messages.success(request, _("Your article will be published at the time you chose."))
    else:
        messages.success(request, _("Your draft is saved."))


@login_required
def write(request):
    """A new article: save a draft, preview, publish now, or schedule."""
    if request.method != "POST":
        return render(request, "blogs/write.html", {"form": _form(request), "nav": "blogs"})
    form = _form(request, request.POST, request.FILES)
    context = {"form": form, "nav": "blogs"}
    if not form.is_valid() or request.POST.get("intent") == "preview":
        status = 200 if form.is_valid() else 400
        return render(
            request, "blogs/write.html", {**context, "preview": _preview(form)}, status=status
        )
    data = form.cleaned_data
    try:
        saved = with_attachments(  # the files composer's uploads: same transaction
            request,
            lambda: actions.create_article(
                actor=request.user,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                audience=data["audience"],
                group=form.chosen_group(),
                cover=data["cover"],
                cover_alt=data["cover_alt"],
                allow_visitor_comments=data["allow_visitor_comments"],
            ),
        )()
    except ValidationError as error:
        form.add_action_error(error, default="cover" if _image_error(error) else None)
        return render(request, "blogs/write.html", context, status=400)
    except PermissionDenied as error:
        return denied(request, error)
    try:
        saved = _publish_after_save(request, form, saved)
    except ValidationError as error:  # saved as a draft, but not published or scheduled
        messages.error(
            request, _("Your draft is saved, but: %(why)s") % {"why": " ".join(error.messages)}
        )
        return redirect("blogs:edit", request.user.username, saved.slug)
    _saved_message(request, saved)
    return redirect(article_url(saved))


def _image_error(error: ValidationError) -> bool:
    if hasattr(error, "error_dict"):
        return False
    return any(e.code in IMAGE_ERRORS for e in error.error_list)


def _initial(item: Article) -> dict:
    return {
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "audience": item.audience,
        "group": item.group_id,
        "cover_alt": item.cover_alt,
        "allow_visitor_comments": item.allow_visitor_comments,
        "publish_at": item.publish_at,
    }


@login_required
def edit(request, username: str, slug: str):
    item = _article_or_404(request.user, username, slug)
    if not access.can_edit_article(request.user, item):
        return denied(request, PermissionDenied(_("Only the author can edit this article.")))
    item.files = article_files(request.user, item)
    context = {"article": item, "nav": "blogs", "image_form": ImageForm()}
    if request.method != "POST":
        return render(
            request, "blogs/edit.html", {**context, "form": _form(request, initial=_initial(item))}
        )
    form = _form(request, request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid() or request.POST.get("intent") == "preview":
        status = 200 if form.is_valid() else 400
        return render(
            request, "blogs/edit.html", {**context, "preview": _preview(form)}, status=status
        )
    data = form.cleaned_data
    try:
        saved = with_attachments(  # files added while editing: same transaction
            request,
            lambda: actions.edit_article(
                actor=request.user,
                article=item,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                audience=data["audience"],
                group=form.chosen_group(),
                cover=data["cover"],
                remove_cover=data["remove_cover"],
                cover_alt=data["cover_alt"],
                allow_visitor_comments=data["allow_visitor_comments"],
            ),
        )()
        saved = _publish_after_save(request, form, saved)
    except ValidationError as error:
        form.add_action_error(error, default="cover" if _image_error(error) else None)
        return render(request, "blogs/edit.html", context, status=400)
    except PermissionDenied as error:
        return denied(request, error)
    _saved_message(request, saved)
    return redirect(article_url(saved))


@login_required
@require_POST
def preview(request):
    """htmx: the text as it will look, without saving."""
    body = request.POST.get("body", "")
    return render(request, "blogs/_preview.html", {"preview": actions.render_body(body)})


@login_required
@require_POST
def publish(request, username: str, slug: str):
    item = _article_or_404(request.user, username, slug)
    try:
        saved = actions.publish_article(actor=request.user, article=item)
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(article_url(item))
    _saved_message(request, saved)
    return redirect(article_url(saved))


@login_required
@require_POST
def unpublish(request, username: str, slug: str):
    item = _article_or_404(request.user, username, slug)
    try:
        saved = actions.unpublish_article(actor=request.user, article=item)
    except PermissionDenied as error:
        return denied(request, error)
    if saved.author_id != request.user.pk:
        messages.success(request, _("The article is unpublished."))
        return redirect("blogs:index")
    messages.success(request, _("Your article is no longer published."))
    return redirect(article_url(saved))


@login_required
def delete(request, username: str, slug: str):
    item = _article_or_404(request.user, username, slug)
    if not access.can_delete_article(request.user, item):
        return denied(request, PermissionDenied(_("You cannot delete this article.")))
    if request.method != "POST":
        return render(request, "blogs/delete.html", {"article": item})
    actions.delete_article(actor=request.user, article=item)
    messages.success(request, _("The article is deleted."))
    return redirect("blogs:index")


@login_required
@require_GET
def history(request, username: str, slug: str):
    item = _article_or_404(request.user, username, slug)
    if not access.can_view_article_history(request.user, item):
        return denied(request, PermissionDenied(_("Only the author and moderators see this.")))
    revisions = list(item.revisions.select_related("editor"))
    return render(request, "blogs/history.html", {"article": item, "revisions": revisions})


# --- pictures -------------------------------------------------------------------------


@login_required
@require_POST
def upload_image(request, username: str, slug: str):
    """Store a picture for the text and show the Markdown line to paste."""
    item = _article_or_404(request.user, username, slug)
    form = ImageForm(request.POST, request.FILES)
    snippet = error_message = None
    if form.is_valid():
        try:
            image = actions.add_article_image(
                actor=request.user, article=item, upload=form.cleaned_data["image"]
            )
            path = reverse("blogs:image", args=[image.file_name])
            snippet = f"![{_('Describe the picture')}]({path})"
        except ValidationError as error:
            error_message = " ".join(error.messages)
        except PermissionDenied as error:
            return denied(request, error)
    else:
        error_message = _("Choose a picture to upload.")
    context = {"article": item, "snippet": snippet, "error": error_message}
    status = 400 if error_message else 201
    if is_htmx(request):
        return render(request, "blogs/_image_snippet.html", context, status=status)
    if error_message:
        messages.error(request, error_message)
    else:
        messages.success(
            request, _("Picture uploaded. Paste this into the text: %(line)s") % {"line": snippet}
        )
    return redirect("blogs:edit", item.author.username, item.slug)


def _picture(name: str) -> FileResponse:
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
def image(request, name: str):
    """A picture of an article's text, for whoever may see the article."""
    found = (
        ArticleImage.objects.select_related("article", "article__group")
        .filter(image=f"article-images/{name}")
        .first()
    )
    if found is None or not access.can_view_article_image(request.user, found):
        raise Http404
    response = _picture(found.image.name)
    response["Cache-Control"] = (
        "public, max-age=86400" if found.article.is_public else "private, max-age=86400"
    )
    return response


@require_GET
def cover(request, username: str, slug: str):
    item = _article_or_404(request.user, username, slug)
    if not item.cover_image:
        raise Http404
    response = _picture(item.cover_image.name)
    response["Cache-Control"] = (
        "public, max-age=86400" if item.is_public else "private, max-age=86400"
    )
    return response


# --- the admin's setting ----------------------------------------------------------------


@login_required
def blog_settings(request):
    """Admin area: who may publish articles publicly. Everyone else gets a 404."""
    if not access.can_change_blog_settings(request.user):
        raise Http404
    current = access.blog_settings()
    form = BlogSettingsForm(
        request.POST or None, initial={"public_publishers": current.public_publishers}
    )
    if request.method == "POST" and form.is_valid():
        actions.set_public_publishers(
            actor=request.user, public_publishers=form.cleaned_data["public_publishers"]
        )
        messages.success(request, _("Blog settings saved."))
        return redirect("siteadmin:blogs")
    context = {"form": form, "nav": "admin", "sections": SECTIONS, "section": "blogs"}
    return render(request, "blogs/settings.html", context)
