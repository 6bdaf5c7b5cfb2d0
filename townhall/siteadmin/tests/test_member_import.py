"""Admins import members from a CSV file: a preview, then the import and its report.

Everything runs through the real pages (upload, preview, import) or the real command; the
people, links and audit entries are read back from the database."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from townhall.accounts.models import User
from townhall.identity.models import AuditEntry, ExternalId
from townhall.siteadmin import member_csv
from townhall.siteadmin.models import MemberImport

UPLOAD = reverse("siteadmin:import_members")
HEADER = "email,name,username,title,department,manager_email,role,external_id\n"
HAPPY = (
    HEADER
    + "ivy@northwind.example,Ivy Iversen,ivy,Engineer,R&D,kai@northwind.example,,sub-ivy\n"
    + "kai@northwind.example,Kai Kristoffersen,,Head of R&D,R&D,,leader,sub-kai\n"
    + "lea@partner.example,Lea Larsen,,,Sales,,,\n"
)


def upload(client, text, name="people.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv")})


def preview(client, text):
    response = upload(client, text)
    assert response.status_code == 302, response.content.decode()[:500]
    found = MemberImport.objects.latest("pk")
    return found, client.get(response.url)


def run(client, member_import, invitations="none", capture=None):
    url = reverse("siteadmin:member_import", args=[member_import.pk])
    if capture is None:
        response = client.post(url, {"invitations": invitations})
    else:
        with capture(execute=True):
            response = client.post(url, {"invitations": invitations})
    assert response.status_code == 302
    return MemberImport.objects.get(pk=member_import.pk), client.get(url)


def rows_by_number(member_import) -> dict[int, dict]:
    return {row["row"]: row for row in member_import.rows}


def test_the_preview_says_what_each_row_would_do_and_changes_nothing(admin_client, member):
    text = HEADER + "mona@northwind.example,Mona M.,,CFO,,,,\nnew@northwind.example,New,,,,,,\n"
    member_import, page = preview(admin_client, text)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Will be updated" in html and "title: — → CFO" in html
    assert "Will be created" in html and "new@northwind.example" in html
    assert not User.objects.filter(email="new@northwind.example").exists()
    member.refresh_from_db()
    assert member.job_title == ""
    assert member_import.counts == {"create": 1, "update": 1, "unchanged": 0, "error": 0}


def test_importing_creates_people_with_their_profile_manager_role_and_sso_subject(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    member_import, _page = preview(admin_client, HAPPY)
    member_import, report = run(
        admin_client, member_import, "send", django_capture_on_commit_callbacks
    )
    ivy = User.objects.get(email="ivy@northwind.example")
    kai = User.objects.get(email="kai@northwind.example")
    lea = User.objects.get(email="lea@partner.example")
    assert (ivy.username, ivy.display_name, ivy.job_title, ivy.department) == (
        "ivy",
        "Ivy Iversen",
        "Engineer",
        "R&D",
    )
    assert ivy.manager == kai  # named by a row further down the file
    assert (kai.role, ivy.role, lea.role) == ("leader", "member", "member")
    # The subject is stored where SCIM stores externalId, so single sign-on links by it.
    link = ExternalId.objects.get(external_id="sub-ivy")
    assert link.user == ivy and link.source == ExternalId.Source.CSV
    assert ExternalId.objects.get(external_id="sub-kai").user == kai
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ivy@northwind.example",
        "kai@northwind.example",
        "lea@partner.example",
    ]
    assert "Alma Admin" in mail.outbox[0].subject and "/accounts/login/" in mail.outbox[0].body
    assert "Import report" in report.content.decode() and "3 created" in report.content.decode()


def test_choosing_no_email_sends_none(admin_client):
    member_import, _page = preview(admin_client, HAPPY)
    run(admin_client, member_import, "none")
    assert User.objects.filter(email="ivy@northwind.example").exists()
    assert mail.outbox == []


def test_one_audit_entry_for_the_import_and_one_per_created_person_as_scim_writes(
    admin_client, admin_user
):
    member_import, _page = preview(admin_client, HAPPY + "broken,,,,,,,\n")
    run(admin_client, member_import)
    entry = AuditEntry.objects.get(action="members.import")
    assert entry.actor_id == admin_user.pk and entry.target_id == str(member_import.pk)
    assert entry.data["create"] == 3 and entry.data["error"] == 1
    assert entry.data["filename"] == "people.csv"
    created = AuditEntry.objects.filter(action="user.create")
    assert sorted(e.target_label for e in created) == [
        "Ivy Iversen (ivy)",
        "Kai Kristoffersen (kai)",
        "Lea Larsen (lea)",
    ]
    assert {e.data["via"] for e in created} == {"csv"}


BROKEN_ROWS = [
    ("not-an-address,Bad,,,,,,", "is not a valid email address"),
    ("ole@northwind.example,Ole,,,,,overlord,", "overlord is not a role"),
    ("ivy@northwind.example,Ivy again,,,,,,", "The same email as row 2"),
    ("ole@northwind.example,Ole,,,,nobody@northwind.example,,", "neither in Townhall nor"),
    ("ole@northwind.example," + "O" * 121 + ",,,,,,", "The name is longer than 120"),
    ('ole@northwind.example,=HYPERLINK("http://evil"),,,,,,', "looks like a spreadsheet"),
    ("ole@northwind.example,@SUM(A1),,,,,,", "looks like a spreadsheet"),
    (",No Email,,,,,,", "The email is missing"),
    ("ole@northwind.example,Ole,,,,ole@northwind.example,,", "own manager"),
    ("ole@northwind.example,Ole,,,,,,sub-ivy", "The same external_id as row 2"),
]


@pytest.mark.parametrize(("line", "reason"), BROKEN_ROWS)
def test_a_broken_row_is_reported_with_its_reason_and_the_good_rows_are_imported(
    admin_client, line, reason
):
    text = HEADER + "ivy@northwind.example,Ivy,,,,,,sub-ivy\n" + line + "\n"
    member_import, page = preview(admin_client, text)
    assert reason in page.content.decode()
    member_import, report = run(admin_client, member_import)
    rows = rows_by_number(member_import)
    assert rows[2]["action"] == "create"
    assert rows[3]["action"] == "error" and reason in " ".join(rows[3]["errors"])
    assert reason in report.content.decode()
    assert User.objects.filter(email="ivy@northwind.example").exists()
    assert not User.objects.filter(email="ole@northwind.example").exists()
    assert User.objects.count() == 2  # the admin and Ivy


def test_a_row_that_is_not_utf8_is_named_and_the_others_are_imported(admin_client):
    data = (
        HEADER.encode()
        + b"ivy@northwind.example,Ivy,,,,,,\n"
        + "ole@northwind.example,Ol\xe9,,,,,,\n".encode("latin-1")
    )
    member_import, page = preview(admin_client, data)
    assert "not UTF-8" in page.content.decode()
    member_import, _report = run(admin_client, member_import)
    assert rows_by_number(member_import)[3]["action"] == "error"
    assert User.objects.filter(email="ivy@northwind.example").exists()
    assert not User.objects.filter(email="ole@northwind.example").exists()


def test_a_row_whose_manager_row_is_broken_fails_too(admin_client):
    text = (
        HEADER
        + "ivy@northwind.example,Ivy,,,,kai@northwind.example,,\n"
        + "kai@northwind.example,Kai,,,,,overlord,\n"
    )
    member_import, _page = preview(admin_client, text)
    rows = rows_by_number(member_import)
    assert "neither in Townhall nor a good row" in rows[2]["errors"][0]
    assert not User.objects.filter(email__in=["ivy@northwind.example"]).exists()


def test_managers_that_point_at_each_other_in_the_file_are_refused(admin_client):
    text = (
        HEADER
        + "ivy@northwind.example,Ivy,,,,kai@northwind.example,,\n"
        + "kai@northwind.example,Kai,,,,ivy@northwind.example,,\n"
    )
    member_import, _page = preview(admin_client, text)
    assert member_import.counts["error"] == 2
    assert "loop" in rows_by_number(member_import)[2]["errors"][0]


def test_a_row_that_fails_while_importing_changes_nothing_of_that_person(admin_client, admin_user):
    # Demoting the last admin is refused by the role change; the title on the same row
    # must not be saved either, and the next row still goes in.
    text = HEADER + "alma@northwind.example,,,Boss,,,member,\nivy@northwind.example,Ivy,,,,,,\n"
    member_import, _page = preview(admin_client, text)
    member_import, report = run(admin_client, member_import)
    rows = rows_by_number(member_import)
    assert rows[2]["action"] == "error" and "last active admin" in rows[2]["errors"][0]
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.job_title) == ("admin", "")
    assert User.objects.filter(email="ivy@northwind.example").exists()


def test_importing_the_same_file_again_changes_nothing_and_duplicates_nobody(admin_client):
    first, _page = preview(admin_client, HAPPY)
    run(admin_client, first)
    people = User.objects.count()
    again, _page = preview(admin_client, HAPPY)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 3, "error": 0}
    again, _report = run(admin_client, again)
    assert User.objects.count() == people
    assert AuditEntry.objects.filter(action="user.create").count() == 3


def test_people_already_here_are_found_by_external_id_then_email_and_updated(
    admin_client, member, make_user
):
    bo = make_user("bo", display_name="Bo")
    ExternalId.objects.create(user=bo, external_id="sub-bo", source=ExternalId.Source.SCIM)
    text = (
        HEADER
        + "MONA@northwind.example,Mona Moe,,CFO,Finance,,moderator,sub-mona\n"
        + "bo.new@northwind.example,,,,,mona@northwind.example,,sub-bo\n"
    )
    member_import, _page = preview(admin_client, text)
    assert member_import.counts["update"] == 2
    run(admin_client, member_import)
    member.refresh_from_db()
    bo.refresh_from_db()
    assert (member.display_name, member.job_title, member.department, member.role) == (
        "Mona Moe",
        "CFO",
        "Finance",
        "moderator",
    )
    assert ExternalId.objects.get(user=member).external_id == "sub-mona"
    assert bo.email == "bo.new@northwind.example" and bo.manager == member
    assert bo.display_name == "Bo"  # a blank cell leaves the field as it is
    assert User.objects.count() == 3
    assert AuditEntry.objects.filter(action="role.change", target_id=str(member.pk)).exists()


def test_external_id_and_email_of_two_different_people_is_a_conflict(
    admin_client, member, make_user
):
    bo = make_user("bo")
    ExternalId.objects.create(user=bo, external_id="sub-bo")
    member_import, _page = preview(admin_client, HEADER + "mona@northwind.example,,,,,,,sub-bo\n")
    assert "fix one of them" in rows_by_number(member_import)[2]["errors"][0]


def test_a_taken_username_is_refused(admin_client, member):
    member_import, _page = preview(admin_client, HEADER + "new@northwind.example,,mona,,,,,\n")
    assert "username mona is taken" in rows_by_number(member_import)[2]["errors"][0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ivy@northwind.example,Ivy\n", "The first row must name the columns"),
        ("mail,name\nivy@northwind.example,Ivy\n", "The first row must name the columns"),
        ("email,nickname\nivy@northwind.example,Ivy\n", "Unknown or repeated columns: nickname"),
        ("email,name\n", "no rows under it"),
    ],
)
def test_a_file_without_a_proper_header_is_refused_whole(admin_client, text, message):
    member_import, page = preview(admin_client, text)
    assert message in page.content.decode()
    assert member_import.file_errors and member_import.rows == []
    assert "Import the rows" not in page.content.decode()
    assert User.objects.count() == 1


def test_too_many_rows_are_refused_with_the_limit(admin_client):
    rows = "".join(f"p{n}@northwind.example\n" for n in range(member_csv.MAX_ROWS + 1))
    member_import, page = preview(admin_client, "email\n" + rows)
    assert f"at most {member_csv.MAX_ROWS} can be imported" in page.content.decode()


def test_a_file_over_the_size_limit_is_refused_before_anything_is_read(admin_client):
    data = b"email\n" + b"x" * member_csv.MAX_BYTES
    response = upload(admin_client, data)
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    assert not MemberImport.objects.exists()


def test_a_file_exported_by_a_spreadsheet_with_a_byte_order_mark_is_read(admin_client):
    member_import, _page = preview(admin_client, "\ufeffEmail\r\na@b.example\r\n")
    assert member_import.counts["create"] == 1


def test_an_import_cannot_run_twice(admin_client):
    member_import, _page = preview(admin_client, HAPPY)
    run(admin_client, member_import)
    url = reverse("siteadmin:member_import", args=[member_import.pk])
    response = admin_client.post(url, {"invitations": "none"}, follow=True)
    assert "already imported" in response.content.decode()
    assert AuditEntry.objects.filter(action="members.import").count() == 1


def test_the_admin_downloads_the_report_as_csv_with_each_failed_row_and_why(admin_client):
    text = HAPPY + "bad-address,,,,,,,\n" + "=cmd|calc@northwind.example,Eve,,,,,,\n"
    member_import, page = preview(admin_client, text)
    url = reverse("siteadmin:member_import_report", args=[member_import.pk])
    assert url in page.content.decode()  # the preview offers it already
    member_import, report_page = run(admin_client, member_import)
    assert url in report_page.content.decode()
    response = admin_client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith(
        f'townhall-import-{member_import.pk}-report.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["row"] for row in rows] == ["2", "3", "4", "5", "6"]
    assert [row["result"] for row in rows] == ["create", "create", "create", "error", "error"]
    broken = {row["row"]: row for row in rows if row["result"] == "error"}
    assert broken["5"]["email"] == "bad-address" and broken["5"]["problems"]
    assert broken["6"]["email"] == "'=cmd|calc@northwind.example"  # never run as a formula
    assert "formula" in broken["6"]["problems"]
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())
    entry = AuditEntry.objects.get(action="members.import_report")
    assert entry.target_id == str(member_import.pk)


def test_a_file_refused_whole_gives_a_report_naming_why(admin_client):
    member_import, _page = preview(admin_client, "name\nIvy\n")
    url = reverse("siteadmin:member_import_report", args=[member_import.pk])
    rows = list(csv.DictReader(io.StringIO(admin_client.get(url).content.decode())))
    assert rows and {row["result"] for row in rows} == {"file_error"}
    assert "email" in rows[0]["problems"]


@pytest.mark.parametrize("role", ["member", "leader", "moderator"])
def test_only_admins_find_the_import_pages(client, make_user, admin_user, role):
    client.force_login(admin_user)
    member_import, _page = preview(client, HAPPY)
    client.force_login(make_user("casey", role=role))
    assert client.get(UPLOAD).status_code == 404
    assert upload(client, HAPPY).status_code == 404
    url = reverse("siteadmin:member_import", args=[member_import.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"invitations": "send"}).status_code == 404
    report = reverse("siteadmin:member_import_report", args=[member_import.pk])
    assert client.get(report).status_code == 404
    assert not User.objects.filter(email="ivy@northwind.example").exists()


def test_the_command_line_imports_the_same_way_and_prints_the_report(admin_user, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text(HAPPY + "bad-address,,,,,,,\n", encoding="utf-8")
    call_command("import_members", str(path), "--dry-run")
    assert not User.objects.filter(email="ivy@northwind.example").exists()
    call_command("import_members", str(path), "--as", "alma")
    out = capsys.readouterr().out
    assert "row 5: error bad-address" in out
    assert "Imported: 3 created, 0 updated, 0 unchanged, 1 failed." in out
    assert User.objects.get(email="ivy@northwind.example").manager.email == "kai@northwind.example"
    assert AuditEntry.objects.get(action="members.import").actor_id == admin_user.pk
    call_command("import_members", str(path))
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_the_command_line_refuses_a_file_without_a_header(tmp_path, db):
    path = tmp_path / "people.csv"
    path.write_text("ivy@northwind.example\n", encoding="utf-8")
    with pytest.raises(CommandError, match="must name the columns"):
        call_command("import_members", str(path))
