"""`townhall manage reindex`: rebuild the search index from every post and comment."""

from django.core.management.base import BaseCommand

from townhall.search.indexing import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index (posts, articles and their comments)."

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            if done == total or done % 100 == 0:
                self.stdout.write(f"\rindexed {done}/{total} posts and articles", ending="")
                self.stdout.flush()

        total = reindex_all(progress)
        if total:
            self.stdout.write("")
        self.stdout.write(f"Search index rebuilt: {total} posts and articles with their comments.")
