import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from townhall.access.posts import get_post_or_404, visible_comments, visible_topics
from townhall.groups import actions as groups
from townhall.posts import actions
from townhall.posts.models import Comment, Mention, Post, PostRevision, Reaction, Topic


@pytest.fixture
def people(make_user):
    return {
        name: make_user(name, password=None, role=role)
        for name, role in [
            ("aria", "member"),
            ("bo", "member"),
            ("mona", "member"),
            ("max", "moderator"),
            ("alma", "admin"),
        ]
    }


@pytest.fixture
def board(people):
    """A private group: Aria owns it, Bo is a member, Mona is not."""
    group = groups.create_group(actor=people["aria"], name="Board", kind="private")
    invitation = groups.invite_to_group(actor=people["aria"], group=group, invitee=people["bo"])
    groups.accept_invitation(actor=people["bo"], invitation=invitation)
    return group


def mentioned(obj) -> set[str]:
    rows = Mention.objects.filter(**{obj._meta.model_name: obj})
    return set(rows.values_list("person__username", flat=True))


@pytest.mark.parametrize("body", ["", "   ", "\n\t \n"])
def test_an_empty_or_blank_post_is_refused_with_a_clear_message(people, body):
    with pytest.raises(ValidationError, match="the text is empty"):
        actions.create_post(actor=people["aria"], body=body)
    assert not Post.objects.exists()


def test_a_post_may_have_10000_characters_but_not_one_more(people):
    assert actions.create_post(actor=people["aria"], body="a" * 10_000).pk
    with pytest.raises(ValidationError, match="10,001 characters, at most 10,000"):
        actions.create_post(actor=people["aria"], body="a" * 10_001)
    assert Post.objects.count() == 1


def test_script_and_javascript_links_in_a_post_are_stored_harmless(people):
    post = actions.create_post(
        actor=people["aria"], body="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    assert "<script" not in post.body_html and "&lt;script&gt;" in post.body_html
    assert "<a" not in post.body_html  # the javascript: link stays plain text


def test_topics_in_any_letters_and_case_are_one_topic(people):
    first = actions.create_post(actor=people["aria"], body="Notes from the #MØTE")
    second = actions.create_post(actor=people["bo"], body="Next #møte on Friday #Ünïcode")
    assert Topic.objects.get(key="møte").name == "MØTE"
    assert set(Topic.objects.values_list("key", flat=True)) == {"møte", "ünïcode"}
    topic = Topic.objects.get(key="møte")
    assert set(topic.posts.all()) == {first, second}


def test_a_topic_used_only_in_a_private_group_stays_unknown_to_outsiders(people, board):
    actions.create_post(actor=people["aria"], group=board, body="#merger talks")
    assert visible_topics(people["bo"]).filter(key="merger").exists()
    assert not visible_topics(people["mona"]).filter(key="merger").exists()


def test_mentions_link_existing_people_and_ignore_unknown_names(people):
    post = actions.create_post(actor=people["aria"], body="Thanks @Bo and @nobody!")
    assert '<a href="/people/bo/" class="mention"' in post.body_html
    assert "@nobody" in post.body_html and "/people/nobody/" not in post.body_html
    assert mentioned(post) == {"bo"}


def test_someone_mentioned_where_they_cannot_look_gets_no_mention(people, board):
    post = actions.create_post(actor=people["aria"], group=board, body="@mona @bo see this")
    assert mentioned(post) == {"bo"}
    comment = actions.create_comment(actor=people["bo"], post=post, body="cc @mona @aria")
    assert mentioned(comment) == {"aria"}


def test_editing_keeps_the_old_text_and_marks_the_post_edited(people):
    post = actions.create_post(actor=people["aria"], body="First #draft")
    actions.edit_post(actor=people["aria"], post=post, body="Second @bo #final")
    post.refresh_from_db()
    assert post.is_edited and post.body == "Second @bo #final"
    assert list(PostRevision.objects.filter(post=post).values_list("body", flat=True)) == [
        "First #draft"
    ]
    assert list(post.topics.values_list("key", flat=True)) == ["final"]
    assert mentioned(post) == {"bo"}


def test_nobody_edits_someone_elses_post_and_outsiders_cannot_even_find_it(people, board):
    public = actions.create_post(actor=people["aria"], body="Mine")
    with pytest.raises(PermissionDenied):
        actions.edit_post(actor=people["max"], post=public, body="Theirs")
    private = actions.create_post(actor=people["aria"], group=board, body="Ours")
    with pytest.raises(Http404):
        actions.edit_post(actor=people["mona"], post=private, body="Hijacked")
    assert Post.objects.get(pk=private.pk).body == "Ours"


def test_a_group_admin_deletes_posts_in_their_group_and_an_org_admin_anywhere_they_see(
    people, board
):
    in_board = actions.create_post(actor=people["bo"], group=board, body="Oops")
    actions.delete_post(actor=people["aria"], post=in_board)
    with pytest.raises(Http404):
        get_post_or_404(people["bo"], pk=in_board.pk)
    org_wide = actions.create_post(actor=people["bo"], body="Everyone")
    with pytest.raises(PermissionDenied):
        actions.delete_post(actor=people["max"], post=org_wide)
    actions.delete_post(actor=people["alma"], post=org_wide)
    with pytest.raises(Http404):
        actions.delete_post(actor=people["alma"], post=org_wide)


def test_moving_a_post_into_a_private_group_hides_it_and_drops_mentions_there(people, board):
    post = actions.create_post(actor=people["aria"], body="Hello @mona and @bo")
    assert mentioned(post) == {"mona", "bo"}
    actions.move_post(actor=people["aria"], post=post, group=board)
    with pytest.raises(Http404):
        get_post_or_404(people["mona"], pk=post.pk)
    assert mentioned(post) == {"bo"}
    with pytest.raises(Http404):  # Mona cannot see it, so she cannot move it back
        actions.move_post(actor=people["mona"], post=post, group=None)
    actions.move_post(actor=people["aria"], post=post, group=None)
    assert get_post_or_404(people["mona"], pk=post.pk) == post


def test_a_post_cannot_be_moved_into_a_secret_group_the_mover_does_not_know(people):
    secret = groups.create_group(actor=people["bo"], name="Hidden", kind="secret")
    post = actions.create_post(actor=people["aria"], body="Hello")
    with pytest.raises(Http404):
        actions.move_post(actor=people["aria"], post=post, group=secret)
    with pytest.raises(PermissionDenied):
        actions.move_post(actor=people["bo"], post=post, group=secret)


def test_a_reply_to_a_reply_attaches_to_the_top_comment(people):
    post = actions.create_post(actor=people["aria"], body="Question")
    top = actions.create_comment(actor=people["bo"], post=post, body="Answer")
    reply = actions.create_comment(actor=people["aria"], post=post, body="Thanks", parent=top)
    deeper = actions.create_comment(actor=people["bo"], post=post, body="Welcome", parent=reply)
    assert reply.parent == top and deeper.parent == top


def test_a_deleted_comment_takes_its_replies_with_it(people):
    post = actions.create_post(actor=people["aria"], body="Question")
    top = actions.create_comment(actor=people["bo"], post=post, body="Answer")
    actions.create_comment(actor=people["aria"], post=post, body="Thanks", parent=top)
    with pytest.raises(PermissionDenied):
        actions.delete_comment(actor=people["mona"], comment=top)
    actions.delete_comment(actor=people["bo"], comment=top)
    assert not visible_comments(people["aria"], Comment.objects.filter(post=post)).exists()


def test_comment_edits_keep_history_and_only_the_author_edits(people):
    post = actions.create_post(actor=people["aria"], body="Question")
    comment = actions.create_comment(actor=people["bo"], post=post, body="Answr")
    with pytest.raises(PermissionDenied):
        actions.edit_comment(actor=people["aria"], comment=comment, body="Changed")
    actions.edit_comment(actor=people["bo"], comment=comment, body="Answer")
    comment.refresh_from_db()
    assert comment.is_edited
    assert list(comment.revisions.values_list("body", flat=True)) == ["Answr"]


def test_comments_on_a_deleted_or_hidden_post_are_refused_as_not_found(people, board):
    gone = actions.create_post(actor=people["aria"], body="Bye")
    actions.delete_post(actor=people["aria"], post=gone)
    with pytest.raises(Http404):
        actions.create_comment(actor=people["bo"], post=gone, body="Wait")
    hidden = actions.create_post(actor=people["aria"], group=board, body="Board only")
    with pytest.raises(Http404):
        actions.create_comment(actor=people["mona"], post=hidden, body="Let me in")


def test_reactions_are_one_of_each_kind_per_person_and_unknown_kinds_are_refused(people):
    post = actions.create_post(actor=people["aria"], body="Launch!")
    actions.react(actor=people["bo"], target=post, kind="celebrate")
    actions.react(actor=people["bo"], target=post, kind="celebrate")
    actions.react(actor=people["bo"], target=post, kind="like")
    with pytest.raises(ValidationError, match="Unknown reaction"):
        actions.react(actor=people["bo"], target=post, kind="angry")
    assert sorted(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == [
        "celebrate",
        "like",
    ]
    actions.unreact(actor=people["bo"], target=post, kind="like")
    assert list(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == ["celebrate"]


def test_nobody_reacts_to_what_they_cannot_see(people, board):
    post = actions.create_post(actor=people["aria"], group=board, body="Board only")
    comment = actions.create_comment(actor=people["bo"], post=post, body="Noted")
    for target in (post, comment):
        with pytest.raises(Http404):
            actions.react(actor=people["mona"], target=target, kind="like")
    actions.react(actor=people["aria"], target=comment, kind="insightful")
    assert Reaction.objects.get(comment=comment).kind == "insightful"
