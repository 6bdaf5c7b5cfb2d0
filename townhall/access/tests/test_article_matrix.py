"""The article permission matrix: who sees which article and comment, by every path.

The world is townhall/access/tests/world.py's (personas, the external guest Gwen invited
into Board included; groups), plus articles built
through the real actions: Aria (the `author` persona, made a leader so she may publish
publicly and appears on the Leadership page) writes

  pub       published, public (anyone on the internet)
  org       published, organisation
  g_public  published, in the public group Commons
  g_private published, in the private group Board
  g_secret  published, in the secret group Skunkworks
  draft     a draft (audience organisation)
  sched     scheduled for next year
  unpub     published, then unpublished
  deleted   published, then deleted

and comments:
  c_pub     Mona's (member) comment on pub
  c_org     Mona's comment on org
  c_secret  Gus's (group_member) comment on g_secret
  c_pending a visitor's comment on pub, waiting for approval (written as the visitor
            form of townhall.commenters writes it: no author, a name and an email)

Every expected value is typed by hand, never computed with townhall.access.
Y: yes, N: no, r: sent to sign in (302 to /accounts/login/), `.`: does not apply.

Article columns:
  view  can_view_article(actor, a) and a in visible_articles(actor), asserted to agree
  get   access.get_article_or_404 finds it
  page  GET /blogs/aria/<slug>/ answers 200 (N: a 404 byte for byte like a missing slug)
  apid  GET /api/v1/articles/{id} answers 200 (signed out: 401)
  apil  listed by GET /api/v1/articles (published only)
  blog  listed on /blogs/aria/ (a visitor sees it when it has public articles; the
        author also sees her unpublished ones there)
  idx   listed on /blogs/ (the author also sees her unpublished ones)
  atom  in /blogs/atom.xml and /blogs/aria/atom.xml (the same for everyone)
  lead  on /leadership/ (Aria is a leader)
  edit  can_edit_article
  cmt   can_comment_on_article (members; visitors' comments are townhall.commenters')
Comment columns:
  view  can_view_article_comment and visible_article_comments agree
  get   get_article_comment_or_404 finds it
  page  its text is on the article page
  apil  listed by GET /api/v1/articles/{id}/comments
  email can_view_visitor_email (the article's author and moderators who see it)
  del   can_delete_article_comment
"""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from townhall.access import articles as access
from townhall.access.tests.world import PERSONAS_WITH_GUEST as PERSONAS
from townhall.access.tests.world import World, build_world
from townhall.accounts.actions import change_role
from townhall.blogs import actions
from townhall.blogs.models import ArticleComment

pytestmark = pytest.mark.django_db

# fmt: off
ARTICLES = """
object     persona      view get page apid apil blog idx atom lead edit cmt
pub        anonymous    Y    Y   Y    N    N    Y    r   Y    r    N    N
pub        member       Y    Y   Y    Y    Y    Y    Y   Y    Y    N    Y
pub        group_member Y    Y   Y    Y    Y    Y    Y   Y    Y    N    Y
pub        group_admin  Y    Y   Y    Y    Y    Y    Y   Y    Y    N    Y
pub        moderator    Y    Y   Y    Y    Y    Y    Y   Y    Y    N    Y
pub        leader       Y    Y   Y    Y    Y    Y    Y   Y    Y    N    Y
pub        org_admin    Y    Y   Y    Y    Y    Y    Y   Y    Y    N    Y
pub        author       Y    Y   Y    Y    Y    Y    Y   Y    Y    Y    Y
pub        deactivated  Y    Y   Y    N    N    Y    r   Y    r    N    N
pub        guest        Y    Y   Y    Y    Y    Y    Y   Y    N    N    Y
org        anonymous    N    N   N    N    N    N    r   N    r    N    N
org        member       Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
org        group_member Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
org        group_admin  Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
org        moderator    Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
org        leader       Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
org        org_admin    Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
org        author       Y    Y   Y    Y    Y    Y    Y   N    Y    Y    Y
org        deactivated  N    N   N    N    N    N    r   N    r    N    N
org        guest        N    N   N    N    N    N    N   N    N    N    N
g_public   anonymous    N    N   N    N    N    N    r   N    r    N    N
g_public   member       Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_public   group_member Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_public   group_admin  Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_public   moderator    Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_public   leader       Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_public   org_admin    Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_public   author       Y    Y   Y    Y    Y    Y    Y   N    Y    Y    Y
g_public   deactivated  N    N   N    N    N    N    r   N    r    N    N
g_public   guest        N    N   N    N    N    N    N   N    N    N    N
g_private  anonymous    N    N   N    N    N    N    r   N    r    N    N
g_private  member       N    N   N    N    N    N    N   N    N    N    N
g_private  group_member Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_private  group_admin  Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_private  moderator    N    N   N    N    N    N    N   N    N    N    N
g_private  leader       N    N   N    N    N    N    N   N    N    N    N
g_private  org_admin    N    N   N    N    N    N    N   N    N    N    N
g_private  author       Y    Y   Y    Y    Y    Y    Y   N    Y    Y    Y
g_private  deactivated  N    N   N    N    N    N    r   N    r    N    N
g_private  guest        Y    Y   Y    Y    Y    Y    Y   N    N    N    Y
g_secret   anonymous    N    N   N    N    N    N    r   N    r    N    N
g_secret   member       N    N   N    N    N    N    N   N    N    N    N
g_secret   group_member Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_secret   group_admin  Y    Y   Y    Y    Y    Y    Y   N    Y    N    Y
g_secret   moderator    N    N   N    N    N    N    N   N    N    N    N
g_secret   leader       N    N   N    N    N    N    N   N    N    N    N
g_secret   org_admin    N    N   N    N    N    N    N   N    N    N    N
g_secret   author       Y    Y   Y    Y    Y    Y    Y   N    Y    Y    Y
g_secret   deactivated  N    N   N    N    N    N    r   N    r    N    N
g_secret   guest        N    N   N    N    N    N    N   N    N    N    N
draft      anonymous    N    N   N    N    N    N    r   N    r    N    N
draft      member       N    N   N    N    N    N    N   N    N    N    N
draft      group_member N    N   N    N    N    N    N   N    N    N    N
draft      group_admin  N    N   N    N    N    N    N   N    N    N    N
draft      moderator    N    N   N    N    N    N    N   N    N    N    N
draft      leader       N    N   N    N    N    N    N   N    N    N    N
draft      org_admin    N    N   N    N    N    N    N   N    N    N    N
draft      author       Y    Y   Y    Y    N    Y    Y   N    N    Y    N
draft      deactivated  N    N   N    N    N    N    r   N    r    N    N
draft      guest        N    N   N    N    N    N    N   N    N    N    N
sched      anonymous    N    N   N    N    N    N    r   N    r    N    N
sched      member       N    N   N    N    N    N    N   N    N    N    N
sched      group_member N    N   N    N    N    N    N   N    N    N    N
sched      group_admin  N    N   N    N    N    N    N   N    N    N    N
sched      moderator    N    N   N    N    N    N    N   N    N    N    N
sched      leader       N    N   N    N    N    N    N   N    N    N    N
sched      org_admin    N    N   N    N    N    N    N   N    N    N    N
sched      author       Y    Y   Y    Y    N    Y    Y   N    N    Y    N
sched      deactivated  N    N   N    N    N    N    r   N    r    N    N
sched      guest        N    N   N    N    N    N    N   N    N    N    N
unpub      anonymous    N    N   N    N    N    N    r   N    r    N    N
unpub      member       N    N   N    N    N    N    N   N    N    N    N
unpub      group_member N    N   N    N    N    N    N   N    N    N    N
unpub      group_admin  N    N   N    N    N    N    N   N    N    N    N
unpub      moderator    N    N   N    N    N    N    N   N    N    N    N
unpub      leader       N    N   N    N    N    N    N   N    N    N    N
unpub      org_admin    N    N   N    N    N    N    N   N    N    N    N
unpub      author       Y    Y   Y    Y    N    Y    Y   N    N    Y    N
unpub      deactivated  N    N   N    N    N    N    r   N    r    N    N
unpub      guest        N    N   N    N    N    N    N   N    N    N    N
deleted    anonymous    N    N   N    N    N    N    r   N    r    N    N
deleted    member       N    N   N    N    N    N    N   N    N    N    N
deleted    group_member N    N   N    N    N    N    N   N    N    N    N
deleted    group_admin  N    N   N    N    N    N    N   N    N    N    N
deleted    moderator    N    N   N    N    N    N    N   N    N    N    N
deleted    leader       N    N   N    N    N    N    N   N    N    N    N
deleted    org_admin    N    N   N    N    N    N    N   N    N    N    N
deleted    author       N    N   N    N    N    N    N   N    N    N    N
deleted    deactivated  N    N   N    N    N    N    r   N    r    N    N
deleted    guest        N    N   N    N    N    N    N   N    N    N    N
"""

COMMENTS = """
object     persona      view get page apil email del
c_pub      anonymous    Y    Y   Y    N    N     N
c_pub      member       Y    Y   Y    Y    N     Y
c_pub      group_member Y    Y   Y    Y    N     N
c_pub      group_admin  Y    Y   Y    Y    N     N
c_pub      moderator    Y    Y   Y    Y    Y     Y
c_pub      leader       Y    Y   Y    Y    N     N
c_pub      org_admin    Y    Y   Y    Y    Y     Y
c_pub      author       Y    Y   Y    Y    Y     Y
c_pub      deactivated  Y    Y   Y    N    N     N
c_pub      guest        Y    Y   Y    Y    N     N
c_org      anonymous    N    N   N    N    N     N
c_org      member       Y    Y   Y    Y    N     Y
c_org      group_member Y    Y   Y    Y    N     N
c_org      group_admin  Y    Y   Y    Y    N     N
c_org      moderator    Y    Y   Y    Y    Y     Y
c_org      leader       Y    Y   Y    Y    N     N
c_org      org_admin    Y    Y   Y    Y    Y     Y
c_org      author       Y    Y   Y    Y    Y     Y
c_org      deactivated  N    N   N    N    N     N
c_org      guest        N    N   N    N    N     N
c_secret   anonymous    N    N   N    N    N     N
c_secret   member       N    N   N    N    N     N
c_secret   group_member Y    Y   Y    Y    N     Y
c_secret   group_admin  Y    Y   Y    Y    N     N
c_secret   moderator    N    N   N    N    N     N
c_secret   leader       N    N   N    N    N     N
c_secret   org_admin    N    N   N    N    N     N
c_secret   author       Y    Y   Y    Y    Y     Y
c_secret   deactivated  N    N   N    N    N     N
c_secret   guest        N    N   N    N    N     N
c_pending  anonymous    N    N   N    N    N     N
c_pending  member       N    N   N    N    N     N
c_pending  group_member N    N   N    N    N     N
c_pending  group_admin  N    N   N    N    N     N
c_pending  moderator    Y    Y   Y    Y    Y     Y
c_pending  leader       N    N   N    N    N     N
c_pending  org_admin    Y    Y   Y    Y    Y     Y
c_pending  author       Y    Y   Y    Y    Y     Y
c_pending  deactivated  N    N   N    N    N     N
c_pending  guest        N    N   N    N    N     N
"""
# fmt: on


def parse(table: str) -> dict:
    lines = [line.split() for line in table.strip().splitlines()]
    columns = lines[0][2:]
    return {(row[0], row[1]): dict(zip(columns, row[2:], strict=True)) for row in lines[1:]}


def build_articles(world: World) -> tuple[dict, dict]:
    people = world.people
    aria = people["author"]
    change_role(actor=people["org_admin"], person=aria, role="leader")
    aria.refresh_from_db()

    def write(title, audience="organisation", group=None, publish=True):
        article = actions.create_article(
            actor=aria, title=title, body=f"Body of {title}", audience=audience, group=group
        )
        return actions.publish_article(actor=aria, article=article) if publish else article

    articles = {
        "pub": write("pub", "public"),
        "org": write("org"),
        "g_public": write("g_public", "group", world.groups["public"]),
        "g_private": write("g_private", "group", world.groups["private"]),
        "g_secret": write("g_secret", "group", world.groups["secret"]),
        "draft": write("draft", publish=False),
    }
    sched = write("sched", publish=False)
    next_year = timezone.now() + timedelta(days=365)
    articles["sched"] = actions.publish_article(actor=aria, article=sched, publish_at=next_year)
    articles["unpub"] = actions.unpublish_article(actor=aria, article=write("unpub"))
    articles["deleted"] = actions.delete_article(actor=aria, article=write("deleted"))
    comment = actions.add_article_comment
    comments = {
        "c_pub": comment(actor=people["member"], article=articles["pub"], body="text-c_pub"),
        "c_org": comment(actor=people["member"], article=articles["org"], body="text-c_org"),
        "c_secret": comment(
            actor=people["group_member"], article=articles["g_secret"], body="text-c_secret"
        ),
        # What the visitor form of townhall.commenters stores (its own action, not ours).
        "c_pending": ArticleComment.objects.create(
            article=articles["pub"],
            body="text-c_pending",
            body_html="<p>text-c_pending</p>",
            status=ArticleComment.Status.PENDING,
            visitor_name="Val Visitor",
            visitor_email="val@elsewhere.example",
        ),
    }
    return articles, comments


def sign_in_as(client, world: World, persona: str):
    client.logout()
    if persona != "anonymous":
        client.force_login(world.people[persona])  # a deactivated person stays signed out
    return client


def yn(flag: bool) -> str:
    return "Y" if flag else "N"


def listed(client, path: str, needle: str) -> str:
    response = client.get(path)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
        return "r"
    if response.status_code == 404:
        return "N"
    assert response.status_code == 200, (path, response.status_code)
    return yn(needle in response.content.decode())


@pytest.fixture
def world(make_user):
    world = build_world(make_user, guest=True)
    world.articles, world.article_comments = build_articles(world)
    return world


def test_every_persona_reaches_exactly_the_articles_the_table_says(client, world):
    expected = parse(ARTICLES)
    missing = client.get("/blogs/aria/no-such-slug/")
    assert missing.status_code == 404
    atom = {
        path: client.get(path).content.decode()
        for path in ("/blogs/atom.xml", "/blogs/aria/atom.xml")
    }
    wrong = []
    for persona in PERSONAS:
        actor = world.actor(persona)
        sign_in_as(client, world, persona)
        pages = {
            "blog": client.get("/blogs/aria/"),
            "idx": client.get("/blogs/"),
            "lead": client.get("/leadership/"),
            "apil": client.get("/api/v1/articles?limit=100"),
        }
        for key, article in world.articles.items():
            marker = f"/blogs/aria/{article.slug}/"
            page = client.get(marker)
            if page.status_code == 404:
                assert page.content == missing.content
            api = client.get(f"/api/v1/articles/{article.pk}")
            try:
                access.get_article_or_404(actor, pk=article.pk)
                got = "Y"
            except Http404:
                got = "N"
            view = access.can_view_article(actor, article)
            assert view == access.visible_articles(actor).filter(pk=article.pk).exists(), (
                key,
                persona,
            )
            actual = {
                "view": yn(view),
                "get": got,
                "page": yn(page.status_code == 200),
                "apid": yn(api.status_code == 200),
                "apil": yn(
                    pages["apil"].status_code == 200
                    and article.pk in [a["id"] for a in pages["apil"].json()["items"]]
                ),
                "atom": yn(all(marker in text for text in atom.values())),
                "edit": yn(access.can_edit_article(actor, article)),
                "cmt": yn(access.can_comment_on_article(actor, article)),
            }
            for column in ("blog", "idx", "lead"):
                response = pages[column]
                if response.status_code == 302:
                    actual[column] = "r"
                elif response.status_code == 404:
                    actual[column] = "N"
                else:
                    actual[column] = yn(marker in response.content.decode())
            want = expected[(key, persona)]
            if actual != want:
                wrong.append(f"{key:10} {persona:12} want {want} got {actual}")
    assert not wrong, "\n".join(wrong)


def test_every_persona_reaches_exactly_the_comments_the_table_says(client, world):
    expected = parse(COMMENTS)
    wrong = []
    for persona in PERSONAS:
        actor = world.actor(persona)
        sign_in_as(client, world, persona)
        for key, comment in world.article_comments.items():
            article = comment.article
            page = client.get(f"/blogs/aria/{article.slug}/")
            api = client.get(f"/api/v1/articles/{article.pk}/comments?limit=100")
            try:
                access.get_article_comment_or_404(actor, pk=comment.pk)
                got = "Y"
            except Http404:
                got = "N"
            view = access.can_view_article_comment(actor, comment)
            in_queryset = access.visible_article_comments(actor).filter(pk=comment.pk).exists()
            assert view == in_queryset, (key, persona)
            listed_ids = [c["id"] for c in api.json()["items"]] if api.status_code == 200 else []
            actual = {
                "view": yn(view),
                "get": got,
                "page": yn(page.status_code == 200 and f"text-{key}" in page.content.decode()),
                "apil": yn(comment.pk in listed_ids),
                "email": yn(access.can_view_visitor_email(actor, comment)),
                "del": yn(access.can_delete_article_comment(actor, comment)),
            }
            if api.status_code == 200 and key == "c_pending" and comment.pk in listed_ids:
                shown = next(c for c in api.json()["items"] if c["id"] == comment.pk)
                assert shown["visitor_email"] == "val@elsewhere.example"
            want = expected[(key, persona)]
            if actual != want:
                wrong.append(f"{key:10} {persona:12} want {want} got {actual}")
    assert not wrong, "\n".join(wrong)


def test_a_visitors_email_is_never_on_the_page_or_in_the_api_for_others(client, world):
    for persona in ("anonymous", "member", "leader", "group_member", "guest"):
        sign_in_as(client, world, persona)
        page = client.get("/blogs/aria/pub/").content.decode()
        assert "val@elsewhere.example" not in page
        api = client.get(f"/api/v1/articles/{world.articles['pub'].pk}/comments")
        assert "val@elsewhere.example" not in api.content.decode()


def test_the_table_covers_every_persona_and_object(world):
    articles, comments = parse(ARTICLES), parse(COMMENTS)
    assert {p for _o, p in articles} == set(PERSONAS)
    assert {o for o, _p in articles} == set(world.articles)
    assert {o for o, _p in comments} == set(world.article_comments)
    assert len(articles) * 11 + len(comments) * 6 == 90 * 11 + 40 * 6
