"""Members' browser sessions: recorded at sign-in, listed on the sessions page, ended there.

A `SignedInSession` row indexes one of Django's database sessions by its person. Ending a
session deletes Django's session row (the browser is signed out at its next request) and
ours. Rows whose Django session expired or vanished are simply not shown.
"""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from townhall.identity import audit
from townhall.identity.models import SignedInSession


def remember_session(*, request, user, method: str) -> None:
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    SignedInSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "ip": audit.client_ip(request),
            "user_agent": (request.META.get("HTTP_USER_AGENT") or "")[:300],
            "method": method[:40],
        },
    )


def live_sessions(queryset: QuerySet[SignedInSession]) -> QuerySet[SignedInSession]:
    """Only the rows whose Django session still exists and has not expired."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return queryset.filter(session_key__in=alive)


@transaction.atomic
def end_session(*, actor, session: SignedInSession) -> None:
    Session.objects.filter(session_key=session.session_key).delete()
    SignedInSession.objects.filter(pk=session.pk).delete()
    audit.record(audit.SESSION_ENDED, actor=actor, target=session.user, session=session.pk)


@transaction.atomic
def end_other_sessions(*, user, keep: str | None = None) -> int:
    """End every session of `user` but `keep` (the current one, if any). Returns how many.

    Recorded sessions go by their index; any unrecorded one (made before this app existed)
    is found by `accounts.actions.delete_sessions_of`'s scan.
    """
    from townhall.accounts.actions import delete_sessions_of

    mine = SignedInSession.objects.filter(user=user)
    if keep:
        mine = mine.exclude(session_key=keep)
    keys = list(mine.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    mine.delete()
    return len(keys) + delete_sessions_of(user, keep=keep)
