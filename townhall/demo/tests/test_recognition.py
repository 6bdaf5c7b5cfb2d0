"""The demo's announcements and praise: pinned, half read, several badges."""

import pytest

from townhall.accounts.models import User
from townhall.announcements.models import Announcement
from townhall.announcements.selectors import pinned_for, read_stats
from townhall.demo.recognition import add_announcements_and_praise
from townhall.praise.models import Praise

pytestmark = pytest.mark.django_db


def test_a_leader_announced_to_everyone_and_about_half_have_read_it(demo):
    company = Announcement.objects.get(post__group__isnull=True)
    assert company.post.author.username == "ingrid"
    assert company.post.author.role == User.Role.LEADER
    stats = read_stats(company)
    assert stats.audience > 30 and 0 < stats.read < stats.audience
    assert len(stats.departments) == 6
    assert Announcement.objects.filter(post__group__name="Engineering guild").exists()


def test_someone_who_has_not_read_it_finds_it_pinned(demo):
    company = Announcement.objects.get(post__group__isnull=True)
    unread = read_stats(company)
    assert unread.unread
    reader = next(
        u for u in User.objects.exclude(username="ingrid") if company in list(pinned_for(u))
    )
    assert reader.is_active


def test_colleagues_praised_each_other_with_several_badges(demo):
    praise = Praise.objects.all()
    assert praise.count() == 5
    assert len(set(praise.values_list("badge", flat=True))) == 5
    assert praise.filter(recipients__username="kenji").exists()


def test_a_second_run_adds_nothing(demo):
    assert add_announcements_and_praise() is None
