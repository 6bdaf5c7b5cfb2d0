"""What the follows, mutes, topics, mentions and feeds endpoints answer."""

from ninja import Field, Schema

from townhall.api.post_schemas import GroupSummary, PersonSummary


class RelationshipOut(Schema):
    following: bool = Field(..., description="in your home feed (groups: follow by joining)")
    muted: bool = Field(..., description="hidden from your home feed")


class TopicSummary(Schema):
    key: str
    name: str


class FollowingOut(Schema):
    people: list[PersonSummary]
    topics: list[TopicSummary]
    muted_people: list[PersonSummary]
    muted_groups: list[GroupSummary]
    muted_topics: list[TopicSummary]
