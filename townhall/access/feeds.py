"""Who may follow and mute whom and what.

- A person follows or mutes an active colleague they can see (townhall.access.people),
  never themselves. Someone they cannot see is "not found" (404).
- A person follows or mutes a topic they can see (townhall.access.posts.visible_topics: a
  topic used only inside a secret group stays unknown to outsiders).
- A person mutes a group they can see (townhall.access.groups.visible_groups).
- Stopping to follow or unmuting is always allowed: it only removes the actor's own row.
Anonymous visitors and deactivated people do none of it.
- The all-company feed is for members of the organisation: an external guest has none
  (what they read is in their groups; their home feed holds it).
"""

from townhall.access.groups import can_view_group
from townhall.access.people import can_view_person
from townhall.access.posts import can_view_topic
from townhall.access.roles import is_active_member, sees_organisation
from townhall.accounts.models import User
from townhall.groups.models import Group
from townhall.posts.models import Topic


def can_view_company_feed(actor) -> bool:
    return sees_organisation(actor)


def can_follow_person(actor, person: User) -> bool:
    return can_view_person(actor, person) and person.is_active and person.pk != actor.pk


def can_mute_person(actor, person: User) -> bool:
    return can_follow_person(actor, person)


def can_follow_topic(actor, topic: Topic) -> bool:
    return is_active_member(actor) and can_view_topic(actor, topic)


def can_mute_topic(actor, topic: Topic) -> bool:
    return can_follow_topic(actor, topic)


def can_mute_group(actor, group: Group) -> bool:
    return is_active_member(actor) and can_view_group(actor, group)
