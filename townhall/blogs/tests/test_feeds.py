"""Atom feeds carry public articles only, whoever asks."""

import xml.etree.ElementTree as ET

import pytest

from townhall.blogs import actions
from townhall.blogs.tests.conftest import publish
from townhall.groups import actions as groups

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    assert root.tag == f"{ATOM}feed"
    return [
        (e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href"))
        for e in root.findall(f"{ATOM}entry")
    ]


def test_the_site_feed_lists_public_articles_only(client, lee, bo, member):
    publish(lee, "Open letter", audience="public")
    publish(lee, "Internal plans")
    secret = groups.create_group(actor=bo, name="Skunkworks", kind="secret")
    publish(bo, "Secret", audience="group", group=secret)
    actions.create_article(actor=lee, title="Draft", body="b", audience="public")
    client.force_login(bo)  # signed in or not: the feed is the same
    found = entries(client.get("/blogs/atom.xml"))
    assert [title for title, _link in found] == ["Open letter"]
    assert found[0][1].endswith("/blogs/lee/open-letter/")


def test_a_blog_feed_lists_that_persons_public_articles(client, lee, make_user):
    other = make_user("ola", role="leader")
    publish(lee, "Mine", audience="public")
    publish(other, "Theirs", audience="public")
    assert [t for t, _ in entries(client.get("/blogs/lee/atom.xml"))] == ["Mine"]
    assert client.get("/blogs/nobody/atom.xml").status_code == 404


def test_an_unpublished_article_leaves_the_feed(client, lee):
    article = publish(lee, "Gone soon", audience="public")
    actions.unpublish_article(actor=lee, article=article)
    assert entries(client.get("/blogs/atom.xml")) == []
