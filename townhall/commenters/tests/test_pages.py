"""The visitor comment pages over HTTP: every bad input gets a clear answer, never a 500,
and nothing is stored that should not be; a commenter reaches nothing non-public."""

import time

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core import signing

from townhall.accounts.models import User
from townhall.blogs.models import ArticleComment
from townhall.commenters.forms import TIMESTAMP_SALT
from townhall.commenters.models import CommenterIdentity, CommenterSettings
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "Vera Visitor",
        "email": "vera@example.org",
        "website": "",
        "body": "Thank you for this.",
        "started": signing.dumps(time.time() - 30, salt=TIMESTAMP_SALT),
        "homepage": "",
    }
    data.update(overrides)
    return data


def post(client, article, **overrides):
    if overrides.get("started") == "just now":  # a form sent 0.2 s after it was served
        overrides["started"] = signing.dumps(time.time() - 0.2, salt=TIMESTAMP_SALT)
    return client.post(f"/comments/articles/{article.pk}/", form_data(**overrides))


def test_a_visitor_posts_a_comment_and_is_told_it_waits(client, article):
    response = post(client, article)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "waits for moderation" in page.content.decode()
    assert ArticleComment.objects.get().status == "pending"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"website": "javascript:alert(1)"}, "starting with http:// or https://"),
        ({"name": "Vera\r\nBcc: everyone@example.org"}, "on one line"),
        ({"email": "vera@example.org\nBcc: everyone@example.org"}, "on one line"),
        ({"email": "not an address"}, "such as name@example.com"),
        ({"started": "just now"}, "too quick to be typed by a person"),
        ({"started": "forged"}, "This form has expired"),
        ({"homepage": "https://pills.example"}, "looks automated"),
        ({"body": " ".join(f"https://x.example/{n}" for n in range(200))}, "at most 3 links"),
        ({"body": "   "}, "This field is required"),
    ],
)
def test_bad_input_gets_a_clear_answer_and_nothing_is_stored(client, article, overrides, message):
    response = post(client, article, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ArticleComment.objects.exists()


def test_past_the_rate_limit_a_visitor_is_asked_to_wait(client, article, settings):
    settings.TOWNHALL_COMMENT_RATE_LIMIT = (1, 600)
    assert post(client, article).status_code == 302
    response = post(client, article, body="again")
    assert response.status_code == 400
    assert "many comments in a short time" in response.content.decode()
    assert ArticleComment.objects.count() == 1


def test_a_visitor_reaching_an_internal_article_by_url_gets_a_404(
    client, internal_article, make_article
):
    closed = make_article(allow_visitor_comments=False)
    for article in (internal_article, closed):
        assert client.get(f"/comments/articles/{article.pk}/").status_code == 404
        assert post(client, article).status_code == 404
    assert client.get("/comments/articles/999999/").status_code == 404
    assert not ArticleComment.objects.exists()


def test_a_signed_in_member_is_not_offered_the_visitor_form(client, member, article):
    client.force_login(member)
    assert client.get(f"/comments/articles/{article.pk}/").status_code == 404


@pytest.fixture
def commenter(db):
    user = User.objects.create(
        username="commenter-abc",
        email="commenter-abc@commenters.invalid",
        display_name="Vera Visitor",
        role=User.Role.COMMENTER,
    )
    user.set_unusable_password()
    user.save()
    CommenterIdentity.objects.create(user=user, provider="openid_connect", email="v@example.org")
    SocialAccount.objects.create(user=user, provider="openid_connect", uid="vera-42")
    return user


def test_a_commenter_reaches_nothing_of_the_organisation(client, commenter, member, article):
    company_post = posts.create_post(actor=member, body="Quarterly numbers inside")
    client.force_login(commenter)
    for path in (
        "/",
        "/company/",
        "/people/",
        f"/people/{member.username}/",
        "/groups/",
        f"/posts/{company_post.pk}/",
        "/search/?q=numbers",
        "/notifications/",
        "/accounts/tokens/",
        "/admin-area/",
        "/moderation/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 404), path
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), path
    for path in ("/api/v1/feeds/home", f"/api/v1/posts/{company_post.pk}", "/api/v1/people"):
        assert client.get(path).status_code in (401, 404), path
    # ...while the public article takes their comment under their name.
    page = client.get(f"/comments/articles/{article.pk}/")
    assert "You comment as <strong>Vera Visitor</strong>" in page.content.decode()
    response = client.post(f"/comments/articles/{article.pk}/", form_data(name="", email=""))
    assert response.status_code == 302
    comment = ArticleComment.objects.get()
    assert comment.author == commenter and comment.visitor_email == "v@example.org"


def test_a_commenter_does_not_appear_among_people_or_in_audiences(client, commenter, member):
    from townhall.access.people import visible_people
    from townhall.access.posts import audience_of_post

    company_post = posts.create_post(actor=member, body="Hello all")
    assert commenter not in visible_people(member)
    assert commenter not in audience_of_post(company_post)
    client.force_login(member)
    assert client.get(f"/people/{commenter.username}/").status_code == 404


def test_the_moderation_queue_is_for_the_author_and_moderators(
    client, article, author, member, moderator
):
    post(client, article)
    for person, sees in ((author, True), (moderator, True), (member, False)):
        client.force_login(person)
        page = client.get("/comments/moderation/", follow=True)  # the old address redirects
        assert page.redirect_chain[0] == ("/moderation/?show=held", 301)
        assert ("vera@example.org" in page.content.decode()) is sees, person
    assert client.get("/moderation/").status_code == 404  # a member who moderates nothing
    client.logout()
    assert client.get("/moderation/").status_code == 302


def test_a_member_cannot_moderate_someone_elses_article_by_id(client, article, member):
    post(client, article)
    comment = ArticleComment.objects.get()
    client.force_login(member)
    response = client.post(f"/comments/moderation/{comment.pk}/", {"verb": "approve"})
    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_an_unknown_moderation_verb_gets_a_message_not_an_error(client, article, author):
    post(client, article)
    comment = ArticleComment.objects.get()
    client.force_login(author)
    response = client.post(f"/comments/moderation/{comment.pk}/", {"verb": "launch"}, follow=True)
    assert "Choose approve, reject, spam or block." in response.content.decode()


def test_a_forged_unsubscribe_link_is_a_clear_404(client):
    for path in ("/comments/unsubscribe/follow-ups/forged/", "/comments/unsubscribe/notices/x/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "not valid" in response.content.decode()


def test_the_admin_sets_moderation_and_adds_an_openid_provider_by_discovery_url(
    admin_client_th, admin_user
):
    client = admin_client_th
    page = client.get("/admin-area/commenters/")
    assert page.status_code == 200 and "Sign-in providers" in page.content.decode()

    client.post("/admin-area/commenters/", {"form": "hold", "hold-hold": "first_time"})
    assert CommenterSettings.objects.get().hold == "first_time"

    bad = client.post(
        "/admin-area/commenters/",
        {
            "form": "provider",
            "provider-provider": "openid_connect",
            "provider-name": "Partner",
            "provider-client_id": "abc",
            "provider-secret": "s",
        },
    )
    assert bad.status_code == 400 and "needs its discovery URL" in bad.content.decode()
    client.post(
        "/admin-area/commenters/",
        {
            "form": "provider",
            "provider-provider": "openid_connect",
            "provider-name": "Partner",
            "provider-client_id": "abc",
            "provider-secret": "s",
            "provider-server_url": "https://id.partner.example",
        },
    )
    app = SocialApp.objects.get()
    assert app.provider_id == "partner"
    assert app.settings == {"server_url": "https://id.partner.example"}
    client.post(f"/admin-area/commenters/providers/{app.pk}/remove/")
    assert not SocialApp.objects.exists()


def test_only_admins_open_the_commenters_admin_page(client, member, moderator):
    for person in (member, moderator):
        client.force_login(person)
        assert client.get("/admin-area/commenters/").status_code == 404


def test_the_article_page_carries_the_visitor_form_and_posting_returns_there(
    client, article, make_article, author
):
    url = f"/blogs/{author.username}/{article.slug}/"
    page = client.get(url).content.decode()
    assert f'action="/comments/articles/{article.pk}/"' in page
    closed = make_article(allow_visitor_comments=False)
    closed_page = client.get(f"/blogs/{author.username}/{closed.slug}/").content.decode()
    assert "/comments/articles/" not in closed_page

    response = post(client, article, back_to=url)
    assert response.status_code == 302 and response["Location"] == url + "#comments"
    assert "waits for moderation" in client.get(url).content.decode()


def test_a_crafted_back_to_address_does_not_leave_the_site(client, article):
    response = post(client, article, back_to="https://evil.example/blogs/")
    assert response["Location"] == f"/comments/articles/{article.pk}/#comments"
