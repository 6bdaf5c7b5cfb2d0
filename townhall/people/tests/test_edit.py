import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from townhall.accounts.models import User
from townhall.people.actions import update_profile
from townhall.people.tests.images import photo

FULL_FORM = {
    "display_name": "Mona M. Member",
    "pronouns": "she/her",
    "job_title": "Product owner",
    "department": "Payments",
    "location": "Bergen",
    "manager": "",
    "phone": "+47 555 12 345",
    "bio": "Line one\r\nLine two",
    "expertise": "Kotlin, payments , , Kotlin",
    "language": "en",
    "time_zone": "Europe/Oslo",
}


def edit_url(person) -> str:
    return reverse("people:edit", args=[person.username])


def test_member_edits_every_field_of_their_own_profile(client, member, make_user):
    boss = make_user("boss", display_name="Bodil Boss")
    client.force_login(member)
    form = {**FULL_FORM, "manager": "boss", "avatar": photo()}
    response = client.post(edit_url(member), form)
    assert response.status_code == 302
    assert response["Location"] == "/people/mona/"
    member.refresh_from_db()
    assert member.display_name == "Mona M. Member"
    assert member.manager == boss
    assert member.bio == "Line one\nLine two"
    assert member.expertise == ["Kotlin", "payments"]
    assert member.time_zone == "Europe/Oslo"
    assert member.avatar.name.endswith(".webp")
    page = client.get("/people/mona/").content.decode()
    assert "The profile is saved." in page
    assert "Bodil Boss" in page and "Payments" in page
    assert f'src="/media/{member.avatar.name}"' in page


def test_edit_page_shows_the_current_values(client, member):
    update_profile(actor=member, person=member, changes={"expertise": ["SQL", "Go"]})
    client.force_login(member)
    html = client.get(edit_url(member)).content.decode()
    assert 'value="Mona Member"' in html
    assert 'value="SQL, Go"' in html
    assert 'enctype="multipart/form-data"' in html


def test_admin_edits_someone_elses_profile(client, member, admin_user):
    client.force_login(admin_user)
    response = client.post(edit_url(member), {**FULL_FORM, "job_title": "Set by admin"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.job_title == "Set by admin"


def test_another_member_cannot_open_or_post_the_edit_page(client, member, make_user):
    client.force_login(make_user("olav"))
    assert client.get(edit_url(member)).status_code == 404
    assert client.post(edit_url(member), {**FULL_FORM, "job_title": "Hacked"}).status_code == 404
    member.refresh_from_db()
    assert member.job_title == ""


def test_saving_a_language_switches_the_pages_at_once(client, member):
    client.force_login(member)
    response = client.post(edit_url(member), {**FULL_FORM, "language": "nb"}, follow=True)
    assert '<html lang="nb"' in response.content.decode()


def test_over_long_fields_are_refused_next_to_the_field_and_nothing_is_saved(client, member):
    client.force_login(member)
    form = {**FULL_FORM, "job_title": "x" * 121, "bio": "b" * 2001, "avatar": photo()}
    response = client.post(edit_url(member), form)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_job_title_error"' in html
    assert 'id="id_bio_error"' in html
    assert "Nothing was saved" in html
    member.refresh_from_db()
    assert member.display_name == "Mona Member"
    assert not member.avatar


def test_a_bad_picture_is_explained_and_the_other_fields_are_not_saved(client, member):
    client.force_login(member)
    not_a_picture = SimpleUploadedFile("me.png", b"just text", content_type="image/png")
    form = {**FULL_FORM, "job_title": "Kept?", "avatar": not_a_picture}
    response = client.post(edit_url(member), form)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_avatar_error"' in html
    assert "not a picture we can use" in html
    member.refresh_from_db()
    assert member.job_title == ""


def test_empty_display_name_is_refused(client, member):
    client.force_login(member)
    response = client.post(edit_url(member), {**FULL_FORM, "display_name": "  "})
    assert 'id="id_display_name_error"' in response.content.decode()


def test_unknown_manager_username_is_refused(client, member):
    client.force_login(member)
    response = client.post(edit_url(member), {**FULL_FORM, "manager": "nobody"})
    assert "No active colleague has the username" in response.content.decode()


def test_a_deactivated_colleague_cannot_become_a_manager(client, member, make_user):
    gone = make_user("gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    client.force_login(member)
    response = client.post(edit_url(member), {**FULL_FORM, "manager": "gone"})
    assert "No active colleague has the username" in response.content.decode()
    gone.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        update_profile(actor=member, person=member, changes={"manager": gone})
    assert "manager" in error.value.message_dict


def test_nobody_can_be_their_own_manager(client, member):
    client.force_login(member)
    response = client.post(edit_url(member), {**FULL_FORM, "manager": "mona"})
    assert "cannot be their own manager" in response.content.decode()
    member.refresh_from_db()
    assert member.manager is None


def test_a_loop_in_the_org_chart_is_refused(client, make_user):
    top = make_user("top")
    middle = make_user("middle", manager=top)
    bottom = make_user("bottom", manager=middle)
    client.force_login(top)
    response = client.post(edit_url(top), {**FULL_FORM, "manager": "bottom"})
    assert "loop in the org chart" in response.content.decode()
    top.refresh_from_db()
    assert top.manager is None
    assert bottom.manager == middle


def test_too_many_expertise_tags_are_refused(member):
    with pytest.raises(ValidationError) as error:
        update_profile(
            actor=member, person=member, changes={"expertise": [f"t{i}" for i in range(21)]}
        )
    assert "expertise" in error.value.message_dict


def test_unknown_time_zone_is_refused(client, member):
    client.force_login(member)
    response = client.post(edit_url(member), {**FULL_FORM, "time_zone": "Mars/Olympus"})
    assert 'id="id_time_zone_error"' in response.content.decode()


def test_manager_suggestions_list_active_colleagues_matching_the_typed_name(
    client, member, make_user
):
    make_user("orjan", display_name="Ørjan Østby", email="orjan@northwind.example")
    gone = make_user("orvar", display_name="Ørvar Gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    client.force_login(member)
    url = reverse("people:manager_options", args=["mona"])
    html = client.get(url, {"manager": "ØR"}, headers={"HX-Request": "true"}).content.decode()
    assert '<option value="orjan">Ørjan Østby</option>' in html
    assert "orvar" not in html
    assert "mona" not in client.get(url, {"manager": "mona"}).content.decode()


def test_manager_suggestions_are_not_found_for_someone_who_cannot_edit(client, member, make_user):
    client.force_login(make_user("olav"))
    url = reverse("people:manager_options", args=["mona"])
    assert client.get(url, {"manager": "o"}).status_code == 404
