"""Feed cards rendered once and shared by every reader, then finished for each reader.

    rendering.render_items(request, page.items)   # sets item.html on each FeedItem

Rendering a card's template is most of what a feed page costs once its SQL is cheap
(docs/performance.md). So the card (posts/_post.html with its first comments) is rendered
once per VARIANT and kept inside the post's cached CardData (townhall.posts.cards, keyed
by post id and Post.version, so the same single cache read a page brings it). A variant
is everything else the shared HTML depends on:

- the language and the time zone of the reader;
- whether the reader wrote the post (the announcement link reads "Who has read it", the
  footer offers "Edit");
- the post's author (name, username, avatar, role, active) and group (name, slug), its
  question's accepted answer, its announcement and praise (with the people praised), as
  the page query loaded them for this request -- a rename shows at once.

The parts that differ by reader or by the clock are never in the shared HTML: the
`{% live_* %}` tags (townhall.posts.templatetags.posts) leave a placeholder there that
carries a random per-render nonce, and `render_items` fills it for this reader: the time
("3 hours ago"), the reaction bars (my reactions, the CSRF token, the page to come back
to), files and link card (their state comes from this request's query), the poll (my
votes). User text cannot forge a placeholder: it would have to guess the nonce.
"""

import hashlib
import re
import secrets
from datetime import UTC, datetime

from django.core.exceptions import ObjectDoesNotExist
from django.middleware.csrf import get_token
from django.template import Context, engines
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from townhall.posts import cards
from townhall.posts.templatetags.posts import placeholder, reaction_bar, since_text

SLOT = re.compile("\u27e6([0-9a-f]{16}):(\\w+):([\\w-]*)\u27e7")


def _related(obj, name: str):
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def variant(request, item) -> str:
    """What the shared HTML of this item depends on besides (post id, version)."""
    post = item.post
    author, group = post.author, post.group
    question = _related(post, "question")
    accepted = question.accepted_comment if question and question.accepted_comment_id else None
    praise = _related(post, "praise")
    parts = (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        post.author_id == request.user.pk,
        (author.pk, author.username, str(author), str(author.avatar), author.role),
        author.is_active,
        (group.pk, group.name, group.slug) if group else None,
        (question.pk, question.accepted_comment_id, accepted and accepted.deleted_at)
        if question
        else None,
        _related(post, "announcement") and post.announcement.pk,
        (praise.pk, praise.badge, [(p.pk, p.username, str(p)) for p in praise.recipients.all()])
        if praise
        else None,
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def _engine():
    return engines["django"].engine


def _shared_html(request, item, nonce: str) -> str:
    context = Context(
        {
            "item": item,
            "user": request.user,
            "request": request,
            "card_nonce": nonce,
            "csrf_token": placeholder(nonce, "csrf"),
        }
    )
    return _engine().get_template("posts/_post.html").render(context)


class _Filler:
    """Fills the placeholders of one page's cards for this reader."""

    def __init__(self, request, items):
        self.context = Context(
            {"request": request, "user": request.user, "csrf_token": get_token(request)}
        )
        self.token = get_token(request)
        self.path = request.get_full_path()
        self.posts = {item.post.pk: item for item in items}
        self.comments = {entry.comment.pk: entry for item in items for entry in item.first_comments}

    def _render(self, name: str, **values) -> str:
        with self.context.push(**values):
            return _engine().get_template(name).render(self.context)

    def slot(self, kind: str, arg: str) -> str:
        if kind == "since":
            return escape(since_text(datetime.fromtimestamp(int(arg) / 1_000_000, tz=UTC)))
        if kind == "csrf":
            return escape(self.context["csrf_token"])
        if kind == "link":
            post = self.posts[int(arg)].post
            return self._render("files/_link_card.html", post=post) if post.link_card else ""
        if kind == "poll":
            post = self.posts[int(arg)].post
            return (
                self._render("polls/_post_poll.html", post=post) if _related(post, "poll") else ""
            )
        target_type, pk = arg.split("-")
        if target_type == "post":
            item = self.posts[int(pk)]
            target, counts, mine = item.post, item.reaction_counts, item.my_reactions
        else:
            entry = self.comments[int(pk)]
            target, counts, mine = entry.comment, entry.reaction_counts, entry.my_reactions
        if kind == "files":
            files = target.files if target_type == "post" else entry.files
            if not files:
                return ""
            return self._render("files/_attachments.html", owner=target, files=files)
        return reaction_bar(target_type, target.pk, counts, mine, self.token, self.path)

    def fill(self, nonce: str, html: str) -> str:
        def one(match):
            if match.group(1) != nonce:
                return match.group(0)
            return str(self.slot(match.group(2), match.group(3)))

        return SLOT.sub(one, html)


def render_items(request, items) -> None:
    """Set `item.html` (the finished card) on each FeedItem of a page from feed_page.
    Cards missing a variant are rendered once and stored back (one cache write)."""
    filler = _Filler(request, items)
    changed = []
    for item in items:
        card = item.card
        if card is None:
            continue
        key = variant(request, item)
        shared = card.html.get(key)
        if shared is None:
            nonce = secrets.token_hex(8)
            shared = (nonce, _shared_html(request, item, nonce))
            # a new dict, never changed in place: other requests may hold the card
            card.html = {**card.html, key: shared}
            changed.append(item)
        # safe: rendered templates, with the escaped or rendered placeholders filled in
        item.html = mark_safe(filler.fill(*shared))  # noqa: S308
    if changed:
        cards.set_many([i.post for i in changed], {i.post.pk: i.card for i in changed})
