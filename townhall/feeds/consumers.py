"""The precomputed home feed's outbox consumer: one delivery per event, whatever the audience.

- `post.created`, `post.moved`, `post.edited`, `post.audience_changed`: the post goes into
  the list of everyone whose home feed it now belongs to (one INSERT ... SELECT; people
  already holding it are skipped). Nothing is removed for those who no longer see it: the
  read filters every entry through the home predicate and `visible_posts`.
- `person.followed`, `topic.followed`, `group.member_joined`: the follower's or new
  member's list gets the newest posts it was missing (backfill).
- `group.kind_changed` to a more open kind: the group's newest posts are fanned out again
  (followers of their authors and topics who are not members may see them now).
- `user.deactivated`: their list is dropped (rebuilt should they come back).
"""

from townhall.events.models import Event
from townhall.events.outbox import consumer
from townhall.feeds import lists

POST_KINDS = {"post.created", "post.moved", "post.edited", "post.audience_changed"}
OPENNESS = {"secret": 0, "private": 1, "public": 2}


@consumer("home_lists")
def keep_home_lists(event: Event) -> None:
    if event.kind in POST_KINDS and event.subject_type == "posts.post":
        lists.fan_out(event.subject_id)
    elif event.kind in {"person.followed", "topic.followed"} and event.actor_id:
        lists.backfill(event.actor_id)
    elif event.kind == "group.member_joined" and event.data.get("person"):
        lists.backfill(int(event.data["person"]))
    elif event.kind == "group.kind_changed" and event.subject_type == "groups.group":
        if OPENNESS.get(event.data.get("new"), 0) > OPENNESS.get(event.data.get("old"), 0):
            lists.fan_out_group(event.subject_id)
    elif event.kind == "user.deactivated" and event.subject_type == "accounts.user":
        lists.drop([event.subject_id])
