"""`townhall manage reindex`: rebuild the search index from every post and article (with
their comments), drawing a progress bar as it goes."""

from django.core.management.base import BaseCommand

from townhall.search.indexing import reindex_all

WIDTH = 30


def bar(done: int, total: int) -> str:
    filled = WIDTH * done // total if total else WIDTH
    percent = 100 * done // total if total else 100
    return f"[{'#' * filled}{'-' * (WIDTH - filled)}] {percent:3}% indexed {done}/{total}"


class Command(BaseCommand):
    help = "Rebuild the search index (posts, articles and their comments)."

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\r{bar(done, total)} posts and articles", ending="")
            self.stdout.flush()

        total = reindex_all(progress)
        if total:
            self.stdout.write("")
        self.stdout.write(f"Search index rebuilt: {total} posts and articles with their comments.")
