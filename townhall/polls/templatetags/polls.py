"""{% poll_card post as card %}: what a post card shows of the post's poll (or None).

No queries: the post comes from townhall.posts.selectors (feed_page / post_detail), which
loaded the poll, its options with counts and the viewer's votes.
"""

from django import template

from townhall.polls.models import MAX_OPTIONS
from townhall.polls.selectors import card, poll_of
from townhall.posts.models import Post

register = template.Library()


@register.simple_tag(takes_context=True)
def poll_card(context, post):
    poll = poll_of(post) if isinstance(post, Post) else None
    if poll is None:
        return None
    return card(context.get("user"), poll)


@register.simple_tag
def poll_option_values(request):
    """The composer's ten option fields' values: what was sent (after an error) or blanks."""
    sent = request.POST.getlist("poll_option") if request and request.method == "POST" else []
    return (sent + [""] * MAX_OPTIONS)[:MAX_OPTIONS]
