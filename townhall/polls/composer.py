"""The composer's extras: make the post a question, and/or add a poll.

townhall.posts.views.create reads them next to the post's own form and publishes through
`publish`, which calls townhall.posts.actions.create_post itself for a plain post, or
townhall.questions.actions.create_question / townhall.polls.actions.create_poll (which
call create_post in their own transaction). Field names (all optional):

    question=on                     the post is a question
    poll_option=... (2 to 10)       the poll's options; blanks are ignored, none: no poll
    poll_kind=single|multiple       default single
    poll_closes_at=<date and time>  optional, in the person's time zone
    poll_show_voters=on             show who voted for what
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.polls import actions as poll_actions
from townhall.polls.models import MAX_OPTIONS, Poll
from townhall.posts import actions as post_actions
from townhall.questions import actions as question_actions


class ComposerExtras(forms.Form):
    question = forms.BooleanField(required=False, label=_("This is a question"))
    poll_kind = forms.ChoiceField(
        required=False, choices=Poll.Kind.choices, label=_("Answers people can pick")
    )
    poll_closes_at = forms.DateTimeField(required=False, label=_("Closes at (optional)"))
    poll_show_voters = forms.BooleanField(required=False, label=_("Show who voted for what"))

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        raw = data.getlist("poll_option") if data is not None else []
        # More than MAX_OPTIONS filled in reaches the action, which says how many.
        self.options = [str(text) for text in raw[: MAX_OPTIONS * 2]]

    @property
    def wants_poll(self) -> bool:
        return any(text.strip() for text in self.options)

    def messages(self) -> list[str]:
        return [str(m) for field in self.errors.values() for m in field]

    def publish(self, *, actor, body: str, group):
        """Create the post (and its question and/or poll) in one transaction; the Post."""
        data = self.cleaned_data
        if self.wants_poll:
            poll = poll_actions.create_poll(
                actor=actor,
                body=body,
                group=group,
                options=self.options,
                kind=data.get("poll_kind") or Poll.Kind.SINGLE,
                closes_at=data.get("poll_closes_at"),
                show_voters=data.get("poll_show_voters", False),
                question=data.get("question", False),
            )
            return poll.post
        if data.get("question"):
            return question_actions.create_question(actor=actor, body=body, group=group).post
        return post_actions.create_post(actor=actor, body=body, group=group)
