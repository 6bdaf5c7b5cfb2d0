"""/api/v1/files: upload (multipart), attach, list, read, download, delete.

Thin routes: reads through townhall.access.files (404 when missing or not visible), writes
through townhall.files.actions. A download answers the bytes (local storage) or a redirect
to a signed URL valid for a minute (S3), after the same permission check as the web.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict

from townhall.access.articles import get_article_or_404
from townhall.access.files import get_attachment_or_404
from townhall.access.groups import get_group_or_404
from townhall.access.posts import get_comment_or_404, get_post_or_404
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.errors import ApiError
from townhall.api.pagination import BIGINT
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.files import actions, selectors, serving
from townhall.files.models import Attachment

router = Router(tags=["files"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    409: Error,
    413: Error,
    422: ValidationErrorOut,
}


class FileOut(Schema):
    id: int
    name: str
    kind: str = Field(..., description="image or file")
    state: str = Field(..., description="processing (pictures, briefly), ready or failed")
    content_type: str = Field(..., description="detected from the content, not the name")
    size: int
    alt_text: str
    uploader_id: int
    post_id: int | None = Field(..., description="null with comment_id null: not posted yet")
    comment_id: int | None
    article_id: int | None = Field(None, description="a blog article's file")
    created_at: datetime
    download_url: str
    thumb_url: str | None


class FilePageOut(Schema):
    items: list[FileOut]
    next_cursor: str | None


class AttachIn(Schema):
    model_config = ConfigDict(extra="forbid")

    file_ids: list[int] = Field(..., min_length=1, max_length=50, description="your uploads")
    post_id: int | None = Field(None, ge=1, le=BIGINT, description="a post of yours")
    comment_id: int | None = Field(None, ge=1, le=BIGINT, description="or a comment of yours")
    article_id: int | None = Field(None, ge=1, le=BIGINT, description="or an article of yours")


class ListParams(Schema):
    q: str = Field("", max_length=100, description="part of the file name")
    kind: str = Field("", pattern="^(image|file)?$", description="image or file")
    scope: str = Field(
        "all", pattern="^(all|shared|mine)$", description="shared: others' files; mine: yours"
    )
    group_id: int | None = Field(None, ge=1, le=BIGINT, description="only files in this group")
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=100)


def _json(request, attachment: Attachment) -> dict:
    picture = attachment.kind == Attachment.Kind.IMAGE
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "state": attachment.state,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "alt_text": attachment.alt_text,
        "uploader_id": attachment.uploader_id,
        "post_id": attachment.post_id,
        "comment_id": attachment.comment_id,
        "article_id": attachment.article_id,
        "created_at": attachment.created_at,
        "download_url": request.build_absolute_uri(
            reverse("api:file_download", args=[attachment.pk])
        ),
        "thumb_url": request.build_absolute_uri(
            reverse("files:file", args=[attachment.pk, "thumb"])
        )
        if picture
        else None,
    }


@router.post("/files", response={201: FileOut, **WRITE}, summary="Upload a file (multipart)")
def upload(request, file: File[UploadedFile], alt_text: Form[str] = ""):
    """Checked from its content; kept as your pending upload until you attach it (pending
    uploads expire after a day)."""
    require_scope(request, "write")
    try:
        attachment = actions.upload_file(actor=request.auth, upload=file, alt_text=alt_text)
    except ValidationError as error:
        status = 413 if error.code == "too_large" else 400
        raise ApiError(status, error.code or "invalid_file", " ".join(error.messages)) from error
    return Status(201, _json(request, attachment))


@router.post("/files/attach", response={200: list[FileOut], **WRITE}, summary="Attach uploads")
def attach(request, data: AttachIn):
    require_scope(request, "write")
    actor = request.auth
    targets = [data.post_id, data.comment_id, data.article_id]
    if sum(target is not None for target in targets) != 1:
        raise ValidationError({"post_id": [_("Give one of post_id, comment_id or article_id.")]})
    with action_errors(attachment="file_ids", too_many_files="file_ids"):
        if data.article_id is not None:
            article = get_article_or_404(actor, pk=data.article_id)
            done = actions.attach_to_article(
                actor=actor, article=article, attachment_ids=data.file_ids
            )
        elif data.post_id is not None:
            post = get_post_or_404(actor, pk=data.post_id)
            done = actions.attach_to_post(actor=actor, post=post, attachment_ids=data.file_ids)
        else:
            comment = get_comment_or_404(actor, pk=data.comment_id)
            done = actions.attach_to_comment(
                actor=actor, comment=comment, attachment_ids=data.file_ids
            )
    return [_json(request, a) for a in done]


@router.get("/files", response={200: FilePageOut, **READ}, summary="Files you may see")
def list_files(request, params: Query[ListParams]):
    actor = request.auth
    group = get_group_or_404(actor, pk=params.group_id) if params.group_id else None
    page = selectors.file_page(
        actor,
        group=group,
        shared_with_me=params.scope == "shared",
        mine=params.scope == "mine",
        query=params.q,
        kind=params.kind,
        after_cursor=params.cursor,
        limit=params.limit,
    )
    return {"items": [_json(request, a) for a in page.items], "next_cursor": page.next_cursor}


@router.get("/files/{id:file_id}", response={200: FileOut, **READ}, summary="One file")
def get_file(request, file_id: int):
    attachment = get_attachment_or_404(request.auth, pk=file_id)
    if attachment.kind == Attachment.Kind.LINK:
        raise Http404
    return _json(request, attachment)


@router.get(
    "/files/{id:file_id}/download",
    response={200: None, 302: None, **READ},
    summary="The file's bytes",
    url_name="file_download",
)
def download(request, file_id: int):
    attachment = get_attachment_or_404(request.auth, pk=file_id)
    if attachment.kind == Attachment.Kind.LINK:
        raise Http404
    return serving.respond(attachment, "download")


@router.delete("/files/{id:file_id}", response={204: None, **WRITE}, summary="Delete a file")
def delete(request, file_id: int):
    require_scope(request, "write")
    attachment = get_attachment_or_404(request.auth, pk=file_id)
    with action_errors():
        actions.delete_attachment(actor=request.auth, attachment=attachment)
    return Status(204, None)
