"""Writes to people's accounts. HTML views, the API and the CLI all call these.

The caller checks access (townhall.access); these functions only validate and write.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.access.groups import manages_any_group
from townhall.accounts.models import ApiToken, User
from townhall.events.outbox import emit
from townhall.identity import audit


@transaction.atomic
def create_user(
    *,
    username: str,
    email: str,
    display_name: str,
    password: str | None = None,
    role: str = User.Role.MEMBER,
    **profile,
) -> User:
    """Create an active account whose email counts as verified (an admin vouched for it)."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValueError(f"{email!r} is not a valid email address") from error
    if User.objects.filter(username__iexact=username).exists():
        raise ValueError(f"the username {username!r} is taken")
    if User.objects.filter(email__iexact=email).exists():
        raise ValueError(f"someone already has the address {email}")
    user = User(username=username, email=email, display_name=display_name, role=role, **profile)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.refresh_search_text()
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _lock_and_refresh(person: User) -> None:
    """Lock the person's row for this transaction and load its current state in place."""
    User.objects.select_for_update().filter(pk=person.pk).first()
    person.refresh_from_db()


def _other_active_admins(person: User):
    return User.objects.filter(role=User.Role.ADMIN, is_active=True).exclude(pk=person.pk)


def _refuse_losing_last_admin(person: User, message: str) -> None:
    """Raise if `person` is the organisation's last active admin (locked for the check)."""
    if person.role != User.Role.ADMIN or not person.is_active:
        return
    # Lock the admins' rows so two concurrent demotions cannot both pass the check.
    list(User.objects.select_for_update().filter(role=User.Role.ADMIN, is_active=True))
    if not _other_active_admins(person).exists():
        raise ValidationError(message, code="last_admin")


def delete_sessions_of(person: User, *, keep: str | None = None) -> int:
    """Sign the person out everywhere: delete every database session that belongs to them.

    Sessions carry no user index, so this scans the unexpired ones; cache-backed sessions are
    not used by Townhall. Django's auth also rejects an inactive user on each request.
    """
    deleted = 0
    key = str(person.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if data.get(SESSION_KEY) == key and session.session_key != keep:
            session.delete()
            deleted += 1
    return deleted


@transaction.atomic
def deactivate_user(*, actor: User | None, person: User, via: str = "admin") -> User:
    """Stop `person` signing in; end their sessions and API tokens at once (content stays).

    Refuses to remove the last admin. `actor` is None when the identity provider asked
    (SCIM), `via` says through what ("admin", "scim", "cli"). The event `user.deactivated`
    tells the realtime process; see docs/identity.md for the state of closing sockets.
    """
    _lock_and_refresh(person)
    if not person.is_active:
        return person
    _refuse_losing_last_admin(
        person,
        _(
            "%(name)s is the last active admin. Make someone else an admin before "
            "deactivating this account."
        )
        % {"name": person.display_name or person.username},
    )
    person.is_active = False
    person.save(update_fields=["is_active"])
    from townhall.identity.sessions import end_other_sessions

    sessions = end_other_sessions(user=person)
    tokens = ApiToken.objects.filter(user=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit.record(
        audit.DEACTIVATION, actor=actor, target=person, via=via, sessions=sessions, tokens=tokens
    )
    emit("user.deactivated", actor=actor, subject=person, recipients=[person.pk], via=via)
    return person


@transaction.atomic
def reactivate_user(*, actor: User, person: User) -> User:
    """Let a deactivated person sign in again."""
    _lock_and_refresh(person)
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        audit.record(audit.REACTIVATION, actor=actor, target=person)
    return person


@transaction.atomic
def change_role(*, actor: User, person: User, role: str) -> User:
    """Give `person` another organisation-wide role. Refuses to demote the last admin."""
    if role not in User.Role.values:
        raise ValidationError(
            _("%(role)s is not a role. Choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(User.Role.values)},
            code="invalid_role",
        )
    _lock_and_refresh(person)
    if person.role == role:
        return person
    if User.Role.COMMENTER in (role, person.role):
        # A commenter identity (an external sign-in, townhall.commenters) is not a member
        # account and no member account becomes one: they never trade places.
        raise ValidationError(
            _("Commenters sign in with an external account; their role cannot change."),
            code="commenter_role",
        )
    if role != User.Role.ADMIN:
        _refuse_losing_last_admin(
            person,
            _(
                "%(name)s is the last active admin. Make someone else an admin before "
                "giving this account another role."
            )
            % {"name": person.display_name or person.username},
        )
    if role == User.Role.GUEST and manages_any_group(person):
        raise ValidationError(
            _(
                "%(name)s owns or runs a group. Hand those groups over before making this "
                "account an external guest."
            )
            % {"name": person.display_name or person.username},
            code="guest_manages_group",
        )
    previous = person.role
    person.role = role
    person.save(update_fields=["role"])
    audit.record(audit.ROLE_CHANGE, actor=actor, target=person, old=previous, new=role)
    return person
