"""Index updates, enqueued after commit by townhall.posts.actions and
townhall.blogs.actions (ids only, idempotent)."""

from townhall.core.tasks import retrying_task
from townhall.search import indexing


@retrying_task()
def index_post_task(post_id: int, *, attempt: int = 1) -> None:
    indexing.index_post(post_id)


@retrying_task()
def index_comment_task(comment_id: int, *, attempt: int = 1) -> None:
    indexing.index_comment(comment_id)


@retrying_task()
def index_article_task(article_id: int, *, attempt: int = 1) -> None:
    indexing.index_article(article_id)


@retrying_task()
def index_article_comment_task(comment_id: int, *, attempt: int = 1) -> None:
    indexing.index_article_comment(comment_id)
