"""Email goes out through a task, so an SMTP outage delays mail but never fails a request.

`QueuedEmailBackend` is Django's EMAIL_BACKEND: it stores each message (as the exact MIME
bytes) in `OutgoingEmail` inside the caller's transaction and enqueues `deliver_email` after
commit. The task hands the stored message to the real backend (TOWNHALL_EMAIL_URL).
"""

import email
import email.message
import email.policy

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from townhall.core.models import OutgoingEmail
from townhall.core.tasks import enqueue_after_commit, retrying_task


class _ParsedMessage(email.message.EmailMessage):
    """The stored MIME message; `as_bytes` takes `linesep` as Django's SMTP backend passes it."""

    def as_bytes(self, unixfrom=False, linesep=None, policy=None):
        policy = policy or self.policy
        if linesep:
            policy = policy.clone(linesep=linesep)
        return super().as_bytes(unixfrom, policy=policy)


class StoredMessage:
    """Enough of Django's EmailMessage for the SMTP, console and locmem backends."""

    encoding = None

    def __init__(self, outgoing: OutgoingEmail):
        self._raw = bytes(outgoing.message)
        self._message = email.message_from_bytes(
            self._raw, _class=_ParsedMessage, policy=email.policy.SMTP
        )
        self.from_email = self._message["From"]
        self.to = outgoing.recipients.split("\n")
        self.subject = str(self._message["Subject"])

    def recipients(self) -> list[str]:
        return self.to

    def message(self):
        return self._message

    @property
    def body(self) -> str:
        part = self._message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part else ""


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            outgoing = OutgoingEmail.objects.create(
                message=message.message().as_bytes(),
                recipients="\n".join(message.recipients()),
                subject=str(message.subject)[:998],
            )
            enqueue_after_commit(deliver_email, outgoing.id)
        return len(email_messages)


@retrying_task()
def deliver_email(outgoing_id: int, *, attempt: int) -> str:
    outgoing = OutgoingEmail.objects.filter(pk=outgoing_id).first()
    if outgoing is None or outgoing.status == OutgoingEmail.Status.SENT:
        return "nothing to do"
    outgoing.attempts = attempt
    try:
        connection = get_connection(settings.TOWNHALL_DELIVERY_EMAIL_BACKEND)
        connection.send_messages([StoredMessage(outgoing)])
    except Exception as error:
        outgoing.last_error = f"{type(error).__name__}: {error}"[:2000]
        outgoing.status = OutgoingEmail.Status.FAILED
        outgoing.save(update_fields=["attempts", "last_error", "status"])
        raise
    outgoing.status = OutgoingEmail.Status.SENT
    outgoing.sent_at = timezone.now()
    outgoing.last_error = ""
    outgoing.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return "sent"
