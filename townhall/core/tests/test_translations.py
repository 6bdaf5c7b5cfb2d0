"""Townhall ships complete in English and Norwegian Bokmål: these tests keep it that way.

When one fails after you added a string: extract and translate it (see the docstring of
townhall/core/management/commands/compiletranslations.py), then compile and commit.
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from townhall.core.management.commands.compiletranslations import (
    MAKEMESSAGES_IGNORE,
    catalogue,
    compile_po,
    po_files,
    townhall_locale_dir,
)

NB_PO = townhall_locale_dir() / "nb" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def key(entry: polib.POEntry) -> tuple:
    return entry.msgctxt, entry.msgid, entry.msgid_plural or None


def current_entries() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(NB_PO)) if not e.obsolete]


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def test_every_string_has_a_checked_norwegian_translation():
    untranslated = [e.msgid for e in current_entries() if not all(translations(e))]
    fuzzy = [e.msgid for e in current_entries() if "fuzzy" in e.flags]
    assert not untranslated, f"translate these in {NB_PO}: {untranslated}"
    assert not fuzzy, f"check these fuzzy translations, then drop the flag: {fuzzy}"


def test_translations_keep_every_placeholder():
    wrong = []
    for entry in current_entries():
        for number, text in enumerate(translations(entry)):
            source = entry.msgid_plural if entry.msgid_plural and number else entry.msgid
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                wrong.append((entry.msgid, text))
    assert not wrong, f"placeholders changed in translation: {wrong}"


def test_the_catalogue_says_it_is_norwegian_bokmal_with_two_plural_forms():
    metadata = polib.pofile(str(NB_PO)).metadata
    assert metadata["Language"] == "nb"
    assert metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in metadata["Content-Type"]


def test_the_committed_mo_files_match_their_po_files(tmp_path):
    assert po_files(), "no translation catalogues found"
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} is missing: run townhall manage compiletranslations"
        fresh = tmp_path / "fresh.mo"
        compile_po(po_path, fresh)
        assert catalogue(mo_path) == catalogue(fresh), (
            f"{mo_path} is out of date: run townhall manage compiletranslations and commit it"
        )


def test_the_check_option_accepts_the_committed_files():
    call_command("compiletranslations", check=True)


def test_makemessages_finds_no_string_missing_from_the_catalogue(tmp_path, settings, monkeypatch):
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.fail("install gettext: apt-get install gettext")
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "townhall"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=["nb"],
        ignore_patterns=list(MAKEMESSAGES_IGNORE),
        no_obsolete=True,
        verbosity=0,
    )
    extracted = polib.pofile(str(copy / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    assert (None, "People", None) in {key(e) for e in extracted}, "extraction found nothing"
    known = {key(e) for e in current_entries()}
    missing = [
        f"{e.msgid!r} ({e.occurrences[0][0] if e.occurrences else '?'})"
        for e in extracted
        if e.msgid and key(e) not in known
    ]
    assert not missing, (
        "strings missing from the nb catalogue; run makemessages and translate them:\n"
        + "\n".join(missing)
    )


def test_a_person_who_reads_norwegian_sees_the_home_page_in_norwegian(client, make_user):
    reader = make_user("kari", display_name="Kari Nordmann", language="nb")
    client.force_login(reader)
    page = client.get("/").content.decode()
    assert 'lang="nb"' in page
    assert "Personer" in page
    assert "Velkommen, Kari Nordmann" in page
    assert "Logg ut" in page


def test_a_person_who_reads_english_sees_the_home_page_in_english(client, make_user):
    reader = make_user("kate", display_name="Kate Smith", language="en")
    client.force_login(reader)
    page = client.get("/").content.decode()
    assert "People" in page and "Personer" not in page


def test_django_and_allauth_speak_norwegian_too(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Passord" in page
    assert settings.LANGUAGE_CODE == "en"
