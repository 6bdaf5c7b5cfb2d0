"""`townhall manage generate --people N --posts M [--seed S]`: a realistic organisation.

Departments and a management tree, groups of all three kinds with heavy-tailed sizes, a
heavy-tailed follow graph, a year of posts with comments, reactions, mentions and topics,
questions, polls, praise, announcements and leaders' articles: written in bulk straight to
the database (no events, notifications or emails: it is all in the past), in an EMPTY
database. Same seed and --until, same rows. See docs/performance.md.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from townhall.accounts.models import User
from townhall.generate import generate


class Command(BaseCommand):
    help = "Fill an empty database with a generated organisation (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1000, help="people (1000)")
        parser.add_argument("--posts", type=int, default=10000, help="posts (10000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
        parser.add_argument(
            "--until",
            default="",
            help="the last moment of the generated year, ISO 8601 (default: this hour, UTC)",
        )
        parser.add_argument("--comments", type=float, default=2.0, help="per post, mean (2)")
        parser.add_argument("--reactions", type=float, default=3.0, help="per post, mean (3)")
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help="skip the search index (then run `townhall manage reindex`)",
        )
        parser.add_argument(
            "--password", default="", help="one password for everyone (default: none usable)"
        )

    def handle(self, *args, **options):
        if options["people"] < 2 or options["posts"] < 0:
            raise CommandError("--people must be at least 2 and --posts at least 0.")
        until = self._until(options["until"])
        if User.objects.exists():
            raise CommandError(
                "The database already has people. Generate into an empty one: a new "
                "TOWNHALL_DATA_DIR (SQLite) or database, then `townhall migrate`."
            )
        began = time.monotonic()
        writer = generate(
            people=options["people"],
            posts=options["posts"],
            seed=options["seed"],
            until=until,
            comments=options["comments"],
            reactions=options["reactions"],
            index=not options["no_search_index"],
            password=options["password"] or None,
            progress=self.stderr._out if options["verbosity"] else None,
        )
        self.stdout.write(
            f"Generated {options['people']:,} people and {options['posts']:,} posts "
            f"({writer.rows_written:,} rows) in {time.monotonic() - began:,.0f} s."
        )
        if options["verbosity"] > 1:
            for table, seconds in sorted(writer.seconds.items(), key=lambda item: -item[1]):
                self.stdout.write(f"  {table:<32} {seconds:7.1f} s writing")

    @staticmethod
    def _until(raw: str) -> datetime.datetime:
        if not raw:
            return timezone.now().replace(minute=0, second=0, microsecond=0)
        try:
            value = datetime.datetime.fromisoformat(raw)
        except ValueError as error:
            raise CommandError(f"--until {raw!r} is not an ISO 8601 date and time.") from error
        return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)
