"""Atom feeds: every public article (/blogs/atom.xml) and one person's (/blogs/<username>/atom.xml).

Only public, published articles, through `access.articles.public_articles` (the anonymous
reader's view): a feed reader never signs in, so nothing else may appear, whoever asks.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from townhall.access.articles import public_articles
from townhall.access.roles import organisation_people
from townhall.accounts.models import User
from townhall.blogs.models import Article
from townhall.core.site import current_site_settings

ITEMS = 30


def _latest(queryset=None):
    return list(
        public_articles(queryset).select_related("author").order_by("-published_at", "-id")[:ITEMS]
    )


class PublicArticlesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("%(site)s: public articles") % {"site": current_site_settings().name}

    def link(self):
        return reverse("blogs:index")

    def subtitle(self):
        return _("Articles published for everyone.")

    def items(self):
        return _latest()

    def item_title(self, item: Article):
        return item.title

    def item_description(self, item: Article):
        return item.body_html

    def item_link(self, item: Article):
        return reverse("blogs:article", args=[item.author.username, item.slug])

    def item_author_name(self, item: Article):
        return str(item.author)

    def item_author_link(self, item: Article):
        return reverse("blogs:blog", args=[item.author.username])

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.edited_at or item.published_at

    def item_guid(self, item: Article):
        return f"tag:townhall,article:{item.pk}"

    item_guid_is_permalink = False


class BlogFeed(PublicArticlesFeed):
    def get_object(self, request, username: str):
        author = organisation_people(User.objects.filter(username=username)).first()
        if author is None:
            raise Http404
        return author

    def title(self, obj):
        return _("%(name)s's articles") % {"name": obj}

    def link(self, obj):
        return reverse("blogs:blog", args=[obj.username])

    def subtitle(self, obj):
        return _("Public articles by %(name)s.") % {"name": obj}

    def items(self, obj):
        return _latest(Article.objects.filter(author=obj))
