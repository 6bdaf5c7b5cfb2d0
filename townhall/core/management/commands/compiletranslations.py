"""Compile Townhall's translations (.po -> .mo) in pure Python, without GNU gettext.

    townhall manage compiletranslations          write every .mo next to its .po
    townhall manage compiletranslations --check  only report .mo files that are out of date

The compiled .mo files are committed, so a fresh clone serves every language at once; run
this after editing a .po file and commit both.

Extracting new strings is the one step that needs GNU gettext (makemessages calls
xgettext and msgmerge): `apt-get install gettext` on Debian/Ubuntu. Then, from the
repository root:

    .venv/bin/python -m townhall.cli manage makemessages -l nb --no-obsolete \\
        --ignore=.venv --ignore=var --ignore=tests --ignore=conftest.py ...

(the full ignore list is MAKEMESSAGES_IGNORE below; townhall/core/tests/test_translations.py
runs the same extraction and fails when a string is missing from the catalogue). Translate
the new entries in townhall/locale/nb/LC_MESSAGES/django.po, keep placeholders such as
%(name)s intact, remove any `fuzzy` flag once checked, then compile.
Django and django-allauth ship their own nb catalogues; ours holds only Townhall's strings.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# What makemessages must not scan when run from the repository root.
MAKEMESSAGES_IGNORE = [
    ".venv",
    "venv",
    "var",
    "node_modules",
    "build",
    "dist",
    "*.egg-info",
    "bench",
    "docs",
    "scripts",
    "tests",
    "conftest.py",
]


def townhall_locale_dir() -> Path:
    return Path(settings.BASE_DIR) / "locale"


def po_files(locale_dir: Path | None = None) -> list[Path]:
    return sorted((locale_dir or townhall_locale_dir()).glob("*/LC_MESSAGES/*.po"))


def compile_po(po_path: Path, mo_path: Path) -> None:
    """Write the binary catalogue of `po_path` (translated, non-fuzzy entries) to `mo_path`."""
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


def catalogue(path: Path) -> dict:
    """A .po or .mo file as {(context, msgid, plural msgid): translation(s)} of what is used."""
    if path.suffix == ".mo":
        entries = polib.mofile(str(path))
    else:
        entries = polib.pofile(str(path)).translated_entries()
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural or None): (
            tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        )
        for entry in entries
        if entry.msgid
    }


class Command(BaseCommand):
    help = "Compile townhall/locale/*/LC_MESSAGES/*.po to .mo with polib (no gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; exit with an error if any .mo differs from its .po",
        )

    def handle(self, *args, check: bool = False, **options):
        sources = po_files()
        if not sources:
            raise CommandError(f"No .po files under {townhall_locale_dir()}")
        stale = []
        for po_path in sources:
            mo_path = po_path.with_suffix(".mo")
            if check:
                if not mo_path.exists() or catalogue(mo_path) != catalogue(po_path):
                    stale.append(mo_path)
                continue
            compile_po(po_path, mo_path)
            self.stdout.write(f"Compiled {mo_path.relative_to(settings.BASE_DIR.parent)}")
        if stale:
            names = ", ".join(str(p) for p in stale)
            raise CommandError(f"Out of date: {names}. Run: townhall manage compiletranslations")
