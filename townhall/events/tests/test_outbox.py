from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from townhall.events import jobs, outbox
from townhall.events.models import Delivery, Event
from townhall.events.outbox import CONSUMERS, deliver, dispatch_event, emit
from townhall.people.models import Follow

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard(monkeypatch):
    """A consumer that records the events it is given (and writes a row, as real ones do)."""
    received = []

    def listen(event):
        received.append((event.kind, event.subject_id, event.recipients, event.data))
        Follow.objects.get_or_create(follower_id=event.actor_id, followed_id=event.recipients[0])

    monkeypatch.setitem(CONSUMERS, "test", listen)
    return received


def _emit_follow(actor, person, **data):
    with transaction.atomic():
        return emit("person.followed", actor=actor, subject=person, recipients=[person.pk], **data)


def test_emit_outside_a_transaction_is_refused(make_user):
    ann = make_user("ann")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        emit("person.followed", actor=ann, subject=ann)
    assert not Event.objects.exists()


def test_an_event_reaches_each_consumer_once_after_commit(make_user, heard):
    ann, bob = make_user("ann"), make_user("bob")
    event = _emit_follow(ann, bob, note=7)
    assert heard == [("person.followed", bob.pk, [bob.pk], {"note": 7})]
    event.refresh_from_db()
    assert event.subject_type == "accounts.user" and event.dispatched_at is not None
    assert "test" not in dispatch_event.call(event.pk)  # a second dispatch does nothing here
    assert len(heard) == 1 and Delivery.objects.filter(event=event, consumer="test").count() == 1


def test_a_rolled_back_change_leaves_no_event_and_tells_nobody(make_user, heard):
    ann, bob = make_user("ann"), make_user("bob")
    with pytest.raises(ValueError), transaction.atomic():
        emit("person.followed", actor=ann, subject=bob, recipients=[bob.pk])
        raise ValueError("the action failed after emitting")
    assert heard == [] and not Event.objects.exists()


def test_a_failing_consumer_keeps_nothing_and_succeeds_on_retry(make_user, heard, monkeypatch):
    ann, bob = make_user("ann"), make_user("bob")
    calls = []

    def flaky(event):
        calls.append(event.pk)
        Follow.objects.create(follower=bob, followed=ann)
        if len(calls) == 1:
            raise ConnectionError("the consumer's world fell over")

    monkeypatch.setitem(CONSUMERS, "flaky", flaky)
    event = _emit_follow(ann, bob)
    # The other consumer took effect; the flaky one kept nothing and its retry is queued.
    assert len(heard) == 1 and not Follow.objects.filter(follower=bob).exists()
    assert not Delivery.objects.filter(consumer="flaky").exists()
    assert dispatch_event.call(event.pk, attempt=2) == ["flaky"]  # the retry, as a worker runs it
    assert Follow.objects.filter(follower=bob, followed=ann).count() == 1
    assert dispatch_event.call(event.pk, attempt=3) == []
    assert len(calls) == 2 and len(heard) == 1


def test_delivering_twice_to_one_consumer_takes_effect_once(make_user, heard):
    ann, bob = make_user("ann"), make_user("bob")
    event = _emit_follow(ann, bob)
    assert deliver("test", event) is False
    assert len(heard) == 1


def test_an_event_whose_dispatch_was_lost_goes_out_on_the_next_sweep(make_user, heard, monkeypatch):
    ann, bob = make_user("ann"), make_user("bob")
    monkeypatch.setattr(outbox, "enqueue_after_commit", lambda *a, **k: None)  # the crash
    event = _emit_follow(ann, bob)
    assert heard == []
    assert jobs.redispatch_stuck_events() == 0  # too young: its task may still be coming
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    monkeypatch.undo()
    monkeypatch.setitem(CONSUMERS, "test", lambda e: heard.append(e.kind))
    assert jobs.redispatch_stuck_events() == 1
    assert heard == ["person.followed"]
    assert jobs.redispatch_stuck_events() == 0
