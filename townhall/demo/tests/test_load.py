import pytest
from django.core.files.storage import default_storage
from PIL import Image

from townhall.accounts.models import User
from townhall.core.site import current_site_settings, email_domain_allowed
from townhall.demo.load import DEMO_PASSWORD, load_demo
from townhall.demo.people import DEPARTMENTS
from townhall.groups.models import Group
from townhall.notifications.models import MailSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo, db):
    return demo


def test_the_message_names_the_address_and_the_admin_login(loaded):
    assert "http://127.0.0.1:8000/" in loaded
    assert f"ada@northwind.example / {DEMO_PASSWORD}" in loaded


def test_northwind_has_about_forty_people_in_six_departments(loaded):
    people = User.objects.exclude(role=User.Role.GUEST)
    assert 35 <= people.count() <= 45
    assert set(people.values_list("department", flat=True)) == set(DEPARTMENTS)
    assert len(DEPARTMENTS) == 6


def test_the_site_is_named_northwind_and_open_to_its_domain(loaded):
    assert current_site_settings().name == "Northwind Townhall"
    assert email_domain_allowed("new.hire@northwind.example")


def test_everyone_but_the_ceo_has_a_manager_and_the_chart_has_no_loops(loaded):
    staff = User.objects.exclude(role=User.Role.GUEST)  # the external guest is not in the chart
    without_manager = staff.filter(manager__isnull=True)
    assert [u.job_title for u in without_manager] == ["Chief Executive Officer"]
    ceo = without_manager.get()
    managers = dict(staff.values_list("pk", "manager_id"))
    for person in managers:
        seen = set()
        current = person
        while managers[current] is not None:
            assert current not in seen, "the org chart has a loop"
            seen.add(current)
            current = managers[current]
        assert current == ceo.pk


def test_department_heads_are_leaders_who_report_to_the_ceo(loaded):
    ceo = User.objects.exclude(role=User.Role.GUEST).get(manager__isnull=True)
    heads = User.objects.filter(manager=ceo, role=User.Role.LEADER)
    assert {h.department for h in heads} == set(DEPARTMENTS) - {"Leadership"}
    assert ceo.role == User.Role.LEADER


def test_there_is_one_admin_and_one_moderator(loaded):
    assert list(User.objects.filter(role="admin").values_list("email", flat=True)) == [
        "ada@northwind.example"
    ]
    assert User.objects.filter(role="moderator").count() == 1


def test_names_keep_their_nordic_letters_and_accents(loaded):
    names = set(User.objects.values_list("display_name", flat=True))
    assert {"Ørjan Æsøy", "Åse Kvam", "Élodie Marchand"} <= names


def test_profiles_are_filled_in(loaded):
    for person in User.objects.all():
        assert person.job_title and person.location and person.phone and person.bio
        assert person.expertise and person.time_zone
        assert person.emailaddress_set.get().verified
    assert User.objects.filter(language="nb").count() >= 5
    assert User.objects.exclude(pronouns="").count() >= 10


def test_everyone_has_a_square_webp_avatar(loaded, settings, demo_media_root):
    settings.MEDIA_ROOT = demo_media_root
    for person in User.objects.all():
        with default_storage.open(person.avatar.name) as stored, Image.open(stored) as image:
            assert image.format == "WEBP"
            assert image.size == (256, 256)


def test_the_demo_admin_signs_in_with_the_printed_password(loaded, client):
    response = client.post(
        "/accounts/login/", {"login": "ada@northwind.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert home.context["user"].email == "ada@northwind.example"


def test_loading_twice_says_already_loaded_and_changes_nothing(loaded):
    before = list(User.objects.order_by("pk").values())
    again = load_demo()
    assert "already loaded" in again
    assert f"ada@northwind.example / {DEMO_PASSWORD}" in again
    assert list(User.objects.order_by("pk").values()) == before


def test_demo_people_get_no_email_at_once_so_the_terminal_stays_readable(loaded):
    people = User.objects.filter(email__endswith="@northwind.example")
    assert MailSettings.objects.filter(person__in=people, instant=False).count() == people.count()


def test_one_external_guest_is_in_one_private_group_with_the_badge_by_her_name(loaded, client):
    freya = User.objects.get(role=User.Role.GUEST)
    assert freya.manager is None and not freya.department  # not an employee
    groups = list(freya.group_memberships.values_list("group__name", "group__kind"))
    assert groups == [("Product launch Q1", "private")]
    client.force_login(User.objects.get(email="ada@northwind.example"))
    group = Group.objects.get(name="Product launch Q1")
    page = client.get(f"/groups/{group.slug}/").content.decode()
    assert "Freya Lund" in page and "External" in page
    client.force_login(freya)
    assert client.get("/").status_code == 200
    assert (
        client.post(
            "/accounts/login/", {"login": freya.email, "password": DEMO_PASSWORD}
        ).status_code
        == 302
    )
