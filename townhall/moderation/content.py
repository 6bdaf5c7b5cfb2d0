"""The kinds of content that can be reported (posts, comments, articles, and comments on
articles: members' and approved visitors'), told apart and described in one place."""

from django.http import Http404
from django.urls import reverse
from django.utils.text import Truncator

from townhall.access.articles import get_article_comment_or_404, get_article_or_404
from townhall.access.moderation import can_moderate_in
from townhall.access.posts import get_comment_or_404, get_post_or_404
from townhall.blogs.models import Article, ArticleComment
from townhall.moderation.models import ContentKind
from townhall.posts.models import Comment, Post

MODELS = {
    ContentKind.POST: Post,
    ContentKind.COMMENT: Comment,
    ContentKind.ARTICLE: Article,
    ContentKind.ARTICLE_COMMENT: ArticleComment,
}


def kind_of(target) -> str:
    for kind, model in MODELS.items():
        if isinstance(target, model):
            return str(kind)
    raise TypeError(f"{type(target).__name__} cannot be reported")


def get_content_or_404(actor, kind: str, pk: int):
    """The post, comment or article `pk`, if the actor may see it (else 404)."""
    if kind == ContentKind.POST:
        return get_post_or_404(actor, pk=pk)
    if kind == ContentKind.COMMENT:
        return get_comment_or_404(actor, pk=pk)
    if kind == ContentKind.ARTICLE:
        return get_article_or_404(actor, pk=pk)
    if kind == ContentKind.ARTICLE_COMMENT:
        # only a published comment: one still held is the approval queue's business
        return get_article_comment_or_404(actor, pk=pk, status=ArticleComment.Status.APPROVED)
    raise Http404


def get_moderatable_content_or_404(actor, kind: str, pk: int):
    """The content `pk`, if the actor can see it AND moderates where it lives (else 404: a
    moderator acting outside their scope learns nothing)."""
    target = get_content_or_404(actor, kind, pk)
    if not can_moderate_in(actor, group_of(target)):
        raise Http404
    return target


def group_of(target):
    if isinstance(target, Comment):
        return target.post.group
    if isinstance(target, ArticleComment):
        return target.article.group
    return target.group


def author_name(target) -> str:
    """Who wrote it, as the queue shows it: a member, or a visitor's given name."""
    if target.author_id:
        return str(target.author)
    return getattr(target, "visitor_name", "") or ""


def excerpt(target, words: int = 40) -> str:
    text = target.title if isinstance(target, Article) else target.body
    return Truncator(" ".join((text or "").split())).words(words)


def url_of(target) -> str:
    if isinstance(target, Post):
        return reverse("posts:detail", args=[target.pk])
    if isinstance(target, Comment):
        return reverse("posts:comment", args=[target.pk])
    if isinstance(target, ArticleComment):
        article = target.article
        url = reverse("blogs:article", args=[article.author.username, article.slug])
        return f"{url}#article-comment-{target.pk}"
    return reverse("blogs:article", args=[target.author.username, target.slug])
