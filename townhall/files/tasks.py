"""Background work on attachments: picture renditions and link cards. Each takes an id and
is safe to run twice (a finished attachment is left alone)."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from townhall.core.outbound import OutboundError
from townhall.core.tasks import retrying_task
from townhall.files import detect, images, linkcards
from townhall.files.models import Attachment
from townhall.files.storage import file_storage, new_name

logger = logging.getLogger(__name__)


def make_renditions(attachment_id: int) -> None:
    attachment = Attachment.objects.filter(pk=attachment_id, kind=Attachment.Kind.IMAGE).first()
    if attachment is None or attachment.state != Attachment.State.PROCESSING:
        return
    storage = file_storage()
    with storage.open(attachment.stored, "rb") as handle:
        data = handle.read()
    try:
        made = images.renditions(data)
    except (OSError, ValueError, SyntaxError, KeyError) as error:
        logger.warning("picture %s could not be prepared: %s", attachment_id, error)
        Attachment.objects.filter(pk=attachment_id).update(
            state=Attachment.State.FAILED, failure=str(error)[:300]
        )
        return
    extension = "." + attachment.stored.rsplit(".", 1)[-1]
    clean = storage.save(new_name(extension), ContentFile(made["clean"]))
    display = storage.save(new_name(".webp"), ContentFile(made["display"]))
    thumb = storage.save(new_name(".webp"), ContentFile(made["thumb"]))
    with transaction.atomic():
        current = Attachment.objects.select_for_update().filter(pk=attachment_id).first()
        if current is None or current.state != Attachment.State.PROCESSING:
            for name in (clean, display, thumb):
                storage.delete(name)
            return
        raw = current.stored
        current.stored, current.display, current.thumb = clean, display, thumb
        current.size = len(made["clean"])
        current.width, current.height = made["width"], made["height"]
        current.animated = made["animated"]
        current.state = Attachment.State.READY
        current.save()
    storage.delete(raw)  # the upload as sent, with its EXIF: gone


@retrying_task(max_attempts=3)
def process_attachment(attachment_id: int, attempt: int = 1) -> None:
    make_renditions(attachment_id)


def make_link_card(card_id: int) -> None:
    card = Attachment.objects.filter(pk=card_id, kind=Attachment.Kind.LINK).first()
    if card is None or card.state != Attachment.State.PROCESSING:
        return
    try:
        found, final_url = linkcards.fetch_page(card.url)
    except (OutboundError, ValueError) as error:
        logger.info("no link card for %s: %s", card.url, error)
        _finish(card_id, state=Attachment.State.FAILED, failure=str(error)[:300])
        return
    fields = {k: found[k] for k in ("title", "description", "site_name")}
    if found["image"]:
        fields.update(_card_picture(found["image"]))
    if not fields["title"] and not fields["description"]:
        _finish(card_id, state=Attachment.State.FAILED, failure="the page has no title")
        return
    _finish(card_id, state=Attachment.State.READY, **fields)


def _card_picture(url: str) -> dict:
    try:
        data = linkcards.fetch_picture(url)
        detect.inspect(ContentFile(data, name="card"), "card", linkcards.PICTURE_BYTES)
        webp = images.card_picture(data)
    except (OutboundError, ValidationError, ValueError, OSError) as error:
        logger.info("link card picture %s not used: %s", url, error)
        return {"failure": f"picture: {error}"[:300]}
    name = file_storage().save(new_name(".webp"), ContentFile(webp))
    return {"thumb": name, "content_type": "image/webp", "size": len(webp)}


def _finish(card_id: int, **fields) -> None:
    with transaction.atomic():
        updated = Attachment.objects.filter(pk=card_id, state=Attachment.State.PROCESSING).update(
            **fields
        )
    if not updated and fields.get("thumb"):  # removed meanwhile: drop what we stored
        file_storage().delete(fields["thumb"])


@retrying_task(max_attempts=1)
def fetch_link_card(card_id: int, attempt: int = 1) -> None:
    make_link_card(card_id)
