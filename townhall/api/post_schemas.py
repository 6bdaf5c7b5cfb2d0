"""What the posts, comments, reactions, topics, mentions and feeds endpoints accept and answer.

Field names are the public contract (docs/api.md): change with care.
"""

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from townhall.api.pagination import BIGINT, PageParams
from townhall.api.schemas import Text

Id = Field(..., ge=1, le=BIGINT)


class PersonSummary(Schema):
    """A name and a face (townhall.api.present.person builds it)."""

    id: int
    username: str
    display_name: str
    job_title: str
    avatar_url: str | None
    external: bool = Field(
        False, description="true for an external guest (someone outside the organisation)"
    )


class GroupSummary(Schema):
    id: int
    name: str
    slug: str
    kind: str = Field(..., description="public, private or secret")


class CommentOut(Schema):
    id: int
    post_id: int
    parent_id: int | None = Field(..., description="the comment this replies to, or null")
    author: PersonSummary
    body: str = Field(..., description="the Markdown as written")
    body_html: str = Field(..., description="sanitised HTML rendered from body")
    created_at: datetime
    edited_at: datetime | None = Field(..., description="null until edited")
    reaction_counts: dict[str, int] = Field(..., description="kind -> how many")
    my_reactions: list[str] = Field(..., description="the kinds you reacted with")


class PostOut(Schema):
    id: int
    author: PersonSummary
    group: GroupSummary | None = Field(..., description="null: the whole organisation")
    body: str = Field(..., description="the Markdown as written")
    body_html: str = Field(..., description="sanitised HTML rendered from body")
    created_at: datetime
    edited_at: datetime | None = Field(..., description="null until edited")
    topics: list[str] = Field(..., description="#topic names, without the #")
    reaction_counts: dict[str, int] = Field(..., description="kind -> how many")
    my_reactions: list[str] = Field(..., description="the kinds you reacted with")
    comment_count: int
    first_comments: list[CommentOut] = Field(..., description="the first top-level comments")


class PostIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(..., description="Markdown, 1 to 10,000 characters")
    group_id: int | None = Field(None, ge=1, le=BIGINT, description="a group you belong to")


class PostEdit(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(..., description="Markdown, 1 to 10,000 characters")


class PostMove(Schema):
    model_config = ConfigDict(extra="forbid")

    group_id: int | None = Field(..., ge=1, le=BIGINT, description="null: the organisation")


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(..., description="Markdown, 1 to 10,000 characters")
    parent_id: int | None = Field(None, ge=1, le=BIGINT, description="reply to this comment")


class ReactionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Text = Field(..., max_length=40, description="like, celebrate, support, ...")


class ReactionOut(Schema):
    person: PersonSummary
    kind: str
    created_at: datetime


class ReactionParams(PageParams):
    kind: Text | None = Field(None, max_length=40, description="only this kind")


class ReactionsOut(Schema):
    reaction_counts: dict[str, int]
    my_reactions: list[str]


class RevisionOut(Schema):
    body: str = Field(..., description="the text before this edit")
    edited_at: datetime
    editor: PersonSummary | None


class PostPage(Schema):
    items: list[PostOut]
    next_cursor: str | None = Field(..., description="pass as ?cursor= for the next page")


class CommentPage(Schema):
    items: list[CommentOut]
    next_cursor: str | None = Field(..., description="pass as ?cursor= for the next page")


class ReactionPage(Schema):
    items: list[ReactionOut]
    next_cursor: str | None = Field(..., description="pass as ?cursor= for the next page")


class MentionParams(Schema):
    q: Text = Field("", max_length=100, description="the start of a name or username")
    post_id: int | None = Field(None, ge=1, le=BIGINT, description="only people who see it")
    group_id: int | None = Field(None, ge=1, le=BIGINT, description="only people who read it")
    limit: int = Field(10, ge=1, le=20)


class MentionsOut(Schema):
    items: list[PersonSummary]


class TopicOut(Schema):
    key: str = Field(..., description="the case-folded name: #MØTE and #møte are one topic")
    name: str = Field(..., description="as first written")
    post_count: int = Field(..., description="posts on this topic that you can see")
    following: bool
    muted: bool
