"""Giving praise. Views, the API, the demo and tests call `give_praise`.

Keyword-only arguments, the acting person as `actor`, one transaction, access re-checked
inside (townhall.access.praise). Errors for callers to map:

- ``Http404``: the target group is missing or the actor cannot see it;
- ``PermissionDenied``: the actor may not post there;
- ``ValidationError``: bad input, with the field it is about (``message``, ``recipients``,
  ``badge``) as the error code: an empty or too long message, no recipient, more than
  MAX_RECIPIENTS, yourself, someone deactivated or unable to see the praise, an unknown
  badge.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.access import praise as access
from townhall.access.groups import can_view_group
from townhall.access.posts import audience_of_post
from townhall.accounts.models import User
from townhall.events.outbox import emit
from townhall.groups.models import Group
from townhall.posts.actions import clean_body, create_post
from townhall.praise.models import (
    MAX_MESSAGE_LENGTH,
    MAX_RECIPIENTS,
    Badge,
    Praise,
    PraiseRecipient,
)


def clean_badge(badge: str) -> str:
    if badge not in Badge.values:
        raise ValidationError(
            _("Unknown badge. Choose one of: %(badges)s.") % {"badges": ", ".join(Badge.values)},
            code="badge",
        )
    return badge


def clean_message(message: str) -> str:
    try:
        message = clean_body(message)
    except ValidationError as error:
        raise ValidationError(error.messages[0], code="message") from error
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("Keep it short: %(count)s characters, at most %(max)s.")
            % {"count": f"{len(message):,}", "max": f"{MAX_MESSAGE_LENGTH:,}"},
            code="message",
        )
    return message


def clean_recipients(actor, recipients) -> list[User]:
    """Distinct, active people other than the actor; 1 to MAX_RECIPIENTS of them."""
    ids = list(dict.fromkeys(getattr(person, "pk", person) for person in recipients))
    if not ids:
        raise ValidationError(_("Choose at least one colleague to praise."), code="recipients")
    if len(ids) > MAX_RECIPIENTS:
        raise ValidationError(
            ngettext(
                "Praise at most %(max)s colleague at a time.",
                "Praise at most %(max)s colleagues at a time.",
                MAX_RECIPIENTS,
            )
            % {"max": MAX_RECIPIENTS},
            code="recipients",
        )
    if actor.pk in ids:
        raise ValidationError(
            _("You cannot praise yourself: choose a colleague."), code="recipients"
        )
    people = {p.pk: p for p in User.objects.filter(pk__in=ids, is_active=True)}
    if len(people) != len(ids):
        raise ValidationError(_("Praise can only go to active colleagues."), code="recipients")
    return [people[pk] for pk in ids]


@transaction.atomic
def give_praise(
    *, actor, recipients, badge: str, message: str, group: Group | None = None
) -> Praise:
    """Praise 1-10 colleagues with a badge and a short message, in the organisation
    (group=None) or in a group the actor belongs to. The message is a post, so the praise
    appears in feeds, search, comments and reactions; everyone praised must be able to
    see it."""
    if group is not None:
        group = Group.objects.filter(pk=group.pk).first()
        if group is None or not can_view_group(actor, group):
            raise Http404
    if not access.can_give_praise(actor, group):
        raise PermissionDenied(_("You cannot give praise here."))
    badge = clean_badge(badge)
    message = clean_message(message)
    people = clean_recipients(actor, recipients)
    post = create_post(actor=actor, body=message, group=group)
    can_see = set(
        audience_of_post(post).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    blind = [p.display_name for p in people if p.pk not in can_see]
    if blind:
        raise ValidationError(
            _("%(names)s cannot see this group, so they would never see your praise.")
            % {"names": ", ".join(blind)},
            code="recipients",
        )
    praise = Praise.objects.create(post=post, badge=badge, created_at=post.created_at)
    PraiseRecipient.objects.bulk_create([PraiseRecipient(praise=praise, person=p) for p in people])
    emit(
        "praise.given",
        actor=actor,
        subject=praise,
        recipients=[p.pk for p in people],
        post=post.pk,
        badge=badge,
    )
    return praise
