"""Giving praise through the real action: the post it rides on, the event, bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from townhall.accounts.actions import deactivate_user
from townhall.events.models import Event
from townhall.feeds.selectors import company_feed
from townhall.groups import actions as groups
from townhall.posts.models import Post
from townhall.praise import selectors
from townhall.praise.actions import give_praise
from townhall.praise.models import Badge, Praise

pytestmark = pytest.mark.django_db


def praise(office, **changes):
    arguments = {
        "actor": office.aria,
        "recipients": [office.bo],
        "badge": "thank_you",
        "message": "Thanks for the *quick* fix!",
    }
    return give_praise(**{**arguments, **changes})


def test_praise_is_a_post_in_the_feed_with_its_badge_and_people(office):
    given = praise(office, recipients=[office.bo, office.cy], badge="team_player")
    assert given.post.author == office.aria and given.post.group is None
    assert "<em>quick</em>" in given.post.body_html
    assert list(given.recipients.order_by("username")) == [office.bo, office.cy]
    assert given.get_badge_display() == "Team player" and given.emoji == "🤝"
    assert [item.post.pk for item in company_feed(office.dee).items] == [given.post.pk]


def test_giving_praise_emits_praise_given_to_the_people_praised(office):
    given = praise(office, recipients=[office.cy, office.bo])
    event = Event.objects.get(kind="praise.given")
    assert (event.subject_type, event.subject_id) == ("praise.praise", given.pk)
    assert event.recipients == sorted([office.bo.pk, office.cy.pk])
    assert event.data == {"post": given.post.pk, "badge": "thank_you"}


def test_praise_received_lists_it_for_each_person_praised(office):
    given = praise(office, recipients=[office.bo, office.cy])
    assert selectors.praise_page(office.dee, person=office.bo).items == [given]
    assert selectors.praise_page(office.dee, person=office.cy).items == [given]
    assert selectors.praise_page(office.dee, person=office.aria).items == []


def nothing_written() -> bool:
    praised = Event.objects.filter(kind="praise.given")
    return not Post.objects.exists() and not Praise.objects.exists() and not praised.exists()


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"message": ""}, "message", "the text is empty"),
        ({"message": "   \n "}, "message", "the text is empty"),
        ({"message": "x" * 1001}, "message", "Keep it short"),
        ({"recipients": []}, "recipients", "at least one colleague"),
        ({"badge": "best_boss"}, "badge", "Unknown badge"),
        ({"badge": ""}, "badge", "Unknown badge"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    office, changes, code, words
):
    with pytest.raises(ValidationError, match=words) as caught:
        praise(office, **changes)
    assert caught.value.code == code
    assert nothing_written()


def test_you_cannot_praise_yourself(office):
    with pytest.raises(ValidationError, match="cannot praise yourself"):
        praise(office, recipients=[office.bo, office.aria])
    assert nothing_written()


def test_eleven_people_are_too_many_and_ten_are_fine(office, make_user):
    people = [make_user(f"p{n:02d}", password=None) for n in range(11)]
    with pytest.raises(ValidationError, match="at most 10 colleagues"):
        praise(office, recipients=people)
    assert nothing_written()
    assert praise(office, recipients=people[:10]).recipients.count() == 10


def test_the_same_person_twice_counts_once(office):
    assert praise(office, recipients=[office.bo, office.bo.pk]).recipients.count() == 1


def test_a_deactivated_colleague_cannot_be_praised(office, admin_user):
    deactivate_user(actor=admin_user, person=office.dee)
    with pytest.raises(ValidationError, match="active colleagues"):
        praise(office, recipients=[office.dee])


def test_an_unknown_person_id_is_refused(office):
    with pytest.raises(ValidationError, match="active colleagues"):
        praise(office, recipients=[987654])


def test_praise_in_a_secret_group_only_for_people_who_can_see_it(office):
    with pytest.raises(ValidationError, match="Bo Builder cannot see this group"):
        praise(office, recipients=[office.bo], group=office.skunkworks)
    assert nothing_written()
    given = praise(office, recipients=[office.olga], group=office.skunkworks)
    assert selectors.praise_page(office.bo, person=office.olga).items == []
    assert selectors.praise_page(office.olga, person=office.olga).items == [given]


def test_you_cannot_give_praise_in_a_group_you_are_not_in(office):
    commons = groups.create_group(actor=office.olga, name="Commons", kind="public", description=".")
    with pytest.raises(PermissionDenied):
        praise(office, actor=office.bo, recipients=[office.cy], group=commons)


def test_every_badge_has_a_label_and_an_emoji():
    choices = selectors.badge_choices()
    assert [value for value, _label, _emoji in choices] == Badge.values
    assert all(label and emoji for _value, label, emoji in choices)
    assert {"thank_you", "team_player", "above_and_beyond", "great_idea"} <= set(Badge.values)
