"""The kinds of notification a person can receive: what they are called, how they read,
and which channel (townhall.notifications.models.Channel) they use unless the person
chooses another.

A sentence has two forms: one actor ("Ann reacted to your post") and several ("Ann and
4 others reacted to your post"); a kind may read differently per target type or variant
(the `data` of the notification), e.g. a reply to a post or to a comment. The sentences
take %(actor)s, %(count)s (the others) and %(title)s (the target's name, where it has one).
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from townhall.notifications.models import Channel


@dataclass(frozen=True)
class Phrase:
    alone: Promise
    with_others: Promise  # ngettext_lazy(..., "count")

    def render(self, *, actor: str, others: int, title: str) -> str:
        values = {"actor": actor, "count": others, "title": title}
        if others <= 0:
            return self.alone % values
        return self.with_others % values


@dataclass(frozen=True)
class Kind:
    label: Promise
    default: str
    phrases: dict[str, Phrase] = field(default_factory=dict)  # by variant

    def text(self, variant: str, *, actor: str, others: int, title: str) -> str:
        chosen = self.phrases.get(variant) or next(iter(self.phrases.values()))
        return chosen.render(actor=actor, others=others, title=title)


KINDS: dict[str, Kind] = {
    "mention": Kind(
        _("Someone mentions me"),
        Channel.EMAIL,
        {
            "post": Phrase(
                _("%(actor)s mentioned you in a post"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other mentioned you in a post",
                    "%(actor)s and %(count)s others mentioned you in a post",
                    "count",
                ),
            ),
            "comment": Phrase(
                _("%(actor)s mentioned you in a comment"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other mentioned you in a comment",
                    "%(actor)s and %(count)s others mentioned you in a comment",
                    "count",
                ),
            ),
        },
    ),
    "reply": Kind(
        _("Replies to my posts and comments"),
        Channel.EMAIL,
        {
            "post": Phrase(
                _("%(actor)s commented on your post"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other commented on your post",
                    "%(actor)s and %(count)s others commented on your post",
                    "count",
                ),
            ),
            "comment": Phrase(
                _("%(actor)s replied to your comment"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other replied to your comment",
                    "%(actor)s and %(count)s others replied to your comment",
                    "count",
                ),
            ),
        },
    ),
    "reaction": Kind(
        _("Reactions to my posts and comments"),
        Channel.IN_APP,
        {
            "post": Phrase(
                _("%(actor)s reacted to your post"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other reacted to your post",
                    "%(actor)s and %(count)s others reacted to your post",
                    "count",
                ),
            ),
            "comment": Phrase(
                _("%(actor)s reacted to your comment"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other reacted to your comment",
                    "%(actor)s and %(count)s others reacted to your comment",
                    "count",
                ),
            ),
        },
    ),
    "follow": Kind(
        _("New followers"),
        Channel.IN_APP,
        {
            "person": Phrase(
                _("%(actor)s started following you"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other started following you",
                    "%(actor)s and %(count)s others started following you",
                    "count",
                ),
            )
        },
    ),
    "moderation": Kind(
        _("Moderators' decisions about my content"),
        Channel.EMAIL,
        {
            variant: Phrase(
                text,
                ngettext_lazy(
                    "%(actor)s and %(count)s other moderator decided about your content",
                    "%(actor)s and %(count)s other moderators decided about your content",
                    "count",
                ),
            )
            for variant, text in (
                ("hide", _("A moderator hid your content: %(title)s")),
                ("delete", _("A moderator deleted your content: %(title)s")),
                ("warn", _("A moderator warned you about your content: %(title)s")),
                ("restore", _("A moderator showed your content again: %(title)s")),
            )
        },
    ),
    "report_outcome": Kind(
        _("What moderators decided about my reports"),
        Channel.IN_APP,
        {
            variant: Phrase(
                text,
                ngettext_lazy(
                    "%(actor)s and %(count)s other moderator decided about what you reported",
                    "%(actor)s and %(count)s other moderators decided about what you reported",
                    "count",
                ),
            )
            for variant, text in (
                ("dismiss", _("Moderators looked at what you reported and left it: %(title)s")),
                ("hide", _("Moderators hid what you reported: %(title)s")),
                ("delete", _("Moderators deleted what you reported: %(title)s")),
                ("warn", _("Moderators warned the author of what you reported: %(title)s")),
            )
        },
    ),
    "group_invitation": Kind(
        _("Invitations to groups"),
        Channel.EMAIL,
        {
            "group": Phrase(
                _("%(actor)s invited you to join %(title)s"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other invited you to join %(title)s",
                    "%(actor)s and %(count)s others invited you to join %(title)s",
                    "count",
                ),
            )
        },
    ),
    "join_request": Kind(
        _("Requests to join groups I manage"),
        Channel.EMAIL,
        {
            "managed_group": Phrase(
                _("%(actor)s asked to join %(title)s"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other asked to join %(title)s",
                    "%(actor)s and %(count)s others asked to join %(title)s",
                    "count",
                ),
            )
        },
    ),
    "join_decision": Kind(
        _("Answers to my requests to join"),
        Channel.EMAIL,
        {
            "approved": Phrase(
                _("%(actor)s approved your request to join %(title)s"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other answered your request to join %(title)s",
                    "%(actor)s and %(count)s others answered your request to join %(title)s",
                    "count",
                ),
            ),
            "declined": Phrase(
                _("%(actor)s declined your request to join %(title)s"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other answered your request to join %(title)s",
                    "%(actor)s and %(count)s others answered your request to join %(title)s",
                    "count",
                ),
            ),
        },
    ),
    "announcement": Kind(
        _("Announcements"),
        Channel.EMAIL,
        {
            "published": Phrase(
                _("%(actor)s published an announcement"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other published an announcement",
                    "%(actor)s and %(count)s others published an announcement",
                    "count",
                ),
            ),
            "reminder": Phrase(
                _("Reminder: an announcement by %(actor)s is waiting for you"),
                ngettext_lazy(
                    "Reminder: announcements by %(actor)s and %(count)s other wait for you",
                    "Reminder: announcements by %(actor)s and %(count)s others wait for you",
                    "count",
                ),
            ),
        },
    ),
    "answer_accepted": Kind(
        _("My answer is accepted"),
        Channel.EMAIL,
        {
            "comment": Phrase(
                _("%(actor)s accepted your answer"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other accepted your answer",
                    "%(actor)s and %(count)s others accepted your answer",
                    "count",
                ),
            )
        },
    ),
    "praise": Kind(
        _("Praise for me"),
        Channel.EMAIL,
        {
            "post": Phrase(
                _("%(actor)s praised you"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other praised you",
                    "%(actor)s and %(count)s others praised you",
                    "count",
                ),
            )
        },
    ),
    "ama_answer": Kind(
        _("Answers to my questions in ask-me-anything sessions"),
        Channel.EMAIL,
        {
            "ama_question": Phrase(
                _("%(actor)s answered your question in “%(title)s”"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other answered your question in “%(title)s”",
                    "%(actor)s and %(count)s others answered your question in “%(title)s”",
                    "count",
                ),
            )
        },
    ),
    "article_comment": Kind(
        _("Comments on my articles"),
        Channel.DIGEST,
        {
            "article": Phrase(
                _("%(actor)s commented on your article “%(title)s”"),
                ngettext_lazy(
                    "%(actor)s and %(count)s other commented on your article “%(title)s”",
                    "%(actor)s and %(count)s others commented on your article “%(title)s”",
                    "count",
                ),
            ),
            "article_comment": Phrase(
                _("A comment by %(actor)s on “%(title)s” waits for your approval"),
                ngettext_lazy(
                    "Comments by %(actor)s and %(count)s other on “%(title)s” await approval",
                    "Comments by %(actor)s and %(count)s others on “%(title)s” await approval",
                    "count",
                ),
            ),
        },
    ),
}


def default_channel(kind: str) -> str:
    found = KINDS.get(kind)
    return found.default if found else Channel.IN_APP
