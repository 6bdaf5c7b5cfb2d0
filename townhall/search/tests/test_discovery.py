"""Discovery: trending topics, who knows about X, people to follow and groups to join,
each from what the person may see, with the reason shown."""

import datetime

from townhall.groups import actions as groups
from townhall.people import follows
from townhall.people.actions import update_profile
from townhall.posts import actions as posts
from townhall.posts.models import Post
from townhall.questions import actions as questions
from townhall.search import discovery


def test_trending_weighs_distinct_people_not_volume(member, bo, make_user, post):
    cy = make_user("cy")
    for n in range(5):
        post(bo, f"Spam about #lunch number {n}")  # one person, five posts
    post(member, "Hello #offsite")
    post(cy, "Me too #offsite")
    old = post(cy, "Old #lunch")
    Post.objects.filter(pk=old.pk).update(created_at=old.created_at - datetime.timedelta(days=8))
    top = [(t.topic.key, t.people, t.posts) for t in discovery.trending_topics(member)]
    assert top == [("offsite", 2, 2), ("lunch", 1, 5)]


def test_trending_never_counts_what_the_person_may_not_see(member, bo, post, secret_group):
    post(bo, "Hush #stealth", group=secret_group)
    assert discovery.trending_topics(member) == []
    assert [t.topic.key for t in discovery.trending_topics(bo)] == ["stealth"]


def test_who_knows_ranks_accepted_answers_above_posts_and_counts_expertise(
    member, bo, make_user, committed, post
):
    cy, dag = make_user("cy", display_name="Cy"), make_user("dag", display_name="Dag")
    update_profile(actor=dag, person=dag, changes={"expertise": ["Kubernetes"]})
    post(bo, "Kubernetes upgrade notes")
    asked = committed(questions.create_question, actor=member, body="Kubernetes pods stuck?")
    answer = committed(posts.create_comment, actor=cy, post=asked.post, body="Kubernetes: drain")
    committed(questions.accept_answer, actor=member, question=asked, comment=answer)
    experts = discovery.who_knows(member, "kubernetes")
    assert [e.person.username for e in experts] == ["cy", "dag", "bo", "mona"]
    assert experts[0].reasons == ["1 accepted answer"]
    assert experts[1].reasons == ["lists it as expertise"]
    assert experts[2].reasons == ["1 post"]


def test_who_knows_ignores_what_the_person_may_not_see(member, bo, post, secret_group):
    post(bo, "Quasar design", group=secret_group)
    assert discovery.who_knows(member, "quasar") == []
    assert [e.person.username for e in discovery.who_knows(bo, "quasar")] == ["bo"]


def test_people_to_follow_give_their_reason(member, bo, make_user):
    cy = make_user("cy", department="Finance")
    dag = make_user("dag", department="Finance")
    update_profile(actor=member, person=member, changes={"department": "Finance"})
    member.refresh_from_db()
    follows.follow_person(actor=member, person=bo)
    follows.follow_person(actor=bo, person=cy)
    suggested = {s.thing.username: s.reason for s in discovery.people_to_follow(member)}
    assert suggested == {
        "cy": "1 person you follow follows them · Also in Finance",
        "dag": "Also in Finance",
    }
    follows.follow_person(actor=member, person=dag)
    assert "dag" not in {s.thing.username for s in discovery.people_to_follow(member)}


def test_groups_to_join_count_only_memberships_the_person_may_see(
    member, bo, make_user, secret_group
):
    cy = make_user("cy")
    crew = groups.create_group(actor=cy, name="Crew", kind="public")
    groups.join_group(actor=bo, group=crew)
    follows.follow_person(actor=member, person=bo)
    follows.follow_person(actor=member, person=cy)
    found = [(s.thing.name, s.reason) for s in discovery.groups_to_join(member)]
    assert found == [("Crew", "2 people you follow are members")]  # never Skunkworks
    groups.join_group(actor=member, group=crew)
    assert discovery.groups_to_join(member) == []


def test_discovery_api(client, member, bo, post):
    client.force_login(member)
    post(bo, "Ski trip #ski")
    follows.follow_person(actor=member, person=bo)
    assert client.get("/api/v1/search/trending").json()["items"] == [
        {"topic": "#ski", "url": "/topics/ski/", "people": 1, "posts": 1}
    ]
    [expert] = client.get("/api/v1/search/experts", {"q": "ski"}).json()["items"]
    assert (expert["username"], expert["reasons"]) == ("bo", ["1 post"])
    assert client.get("/api/v1/search/experts").status_code == 422  # the subject is required
    assert client.get("/api/v1/search/for-me").json() == {"people": [], "groups": []}
    items = client.get("/api/v1/search/suggest", {"q": "bo"}).json()["items"]
    assert [(i["type"], i["title"]) for i in items] == [("person", "Bo Builder")]
