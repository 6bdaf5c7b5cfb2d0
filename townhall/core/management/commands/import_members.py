"""`townhall manage import_members people.csv [--dry-run] [--invite] [--as ADMIN]`.

The same preview and import as the admin area's "Import members" page
(townhall.siteadmin.actions), with the report printed row by row. See docs/identity.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from townhall.accounts.models import User
from townhall.siteadmin import actions


class Command(BaseCommand):
    help = "Create or update members from a CSV file (the admin area's import)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a UTF-8 CSV file with a header row")
        parser.add_argument(
            "--dry-run", action="store_true", help="only show what each row would do"
        )
        parser.add_argument(
            "--invite", action="store_true", help="send each new member an invitation email"
        )
        parser.add_argument(
            "--as",
            dest="admin",
            default="",
            help="the admin's username to record as the actor (default: the command line)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        actor = None
        if options["admin"]:
            actor = User.objects.filter(username=options["admin"], role=User.Role.ADMIN).first()
            if actor is None or not actor.is_active:
                raise CommandError(f"{options['admin']} is not an active admin.")
        member_import = actions.preview_member_import(actor=actor, filename=path.name, data=data)
        if member_import.file_errors:
            raise CommandError(" ".join(member_import.file_errors))
        if not options["dry_run"]:
            member_import = actions.run_member_import(
                actor=actor, member_import=member_import, send_invitations=options["invite"]
            )
        for row in member_import.rows:
            detail = "; ".join(row["errors"] or row["changes"])
            line = f"row {row['row']}: {row['action']} {row['email']}"
            self.stdout.write(f"{line}: {detail}" if detail else line)
        counts = member_import.counts
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb}: {counts.get('create', 0)} created, {counts.get('update', 0)} updated, "
            f"{counts.get('unchanged', 0)} unchanged, {counts.get('error', 0)} failed."
        )
