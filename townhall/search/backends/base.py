from django.db.models.expressions import RawSQL

from townhall.search.query import SearchQuery


class SearchBackend:
    """Build id subqueries from parsed words. Words contain only letters and digits."""

    def ids_matching(self, expression: str) -> RawSQL:
        raise NotImplementedError

    def all_of(self, query: SearchQuery) -> str:
        raise NotImplementedError

    def any_of(self, words: list[str]) -> str:
        raise NotImplementedError

    def matching(self, query: SearchQuery) -> RawSQL | None:
        return self.ids_matching(self.all_of(query)) if query.has_text else None

    def excluded(self, query: SearchQuery) -> RawSQL | None:
        return self.ids_matching(self.any_of(query.excluded)) if query.excluded else None
