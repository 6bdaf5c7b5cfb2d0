"""Follow-up emails: when a comment on an article becomes visible, subscribers hear of it."""

from townhall.blogs.models import ArticleComment
from townhall.commenters.notices import send_followups
from townhall.events.outbox import consumer

VISIBLE_KINDS = {"article_comment.created", "article_comment.approved"}


@consumer("commenter_followups")
def followups(event) -> None:
    if event.kind not in VISIBLE_KINDS or event.subject_type != "blogs.articlecomment":
        return
    comment = (
        ArticleComment.objects.select_related("article", "author")
        .filter(pk=event.subject_id, status=ArticleComment.Status.APPROVED, deleted_at=None)
        .first()
    )
    if comment is None or not comment.article.is_public:
        return
    send_followups(comment)
