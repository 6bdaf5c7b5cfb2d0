"""People and articles for the blogs tests, built through the real actions."""

import pytest

from townhall.blogs import actions


@pytest.fixture
def lee(make_user):
    """A leader: may publish publicly by default."""
    return make_user("lee", role="leader", display_name="Lee Leader")


@pytest.fixture
def bo(make_user):
    return make_user("bo", display_name="Bo Builder")


@pytest.fixture
def moderator(make_user):
    return make_user("max", role="moderator", display_name="Max Moderator")


def publish(author, title="Why we moved", audience="organisation", group=None, body=None):
    article = actions.create_article(
        actor=author,
        title=title,
        summary=f"A summary of {title}",
        body=body or f"The text of **{title}**.",
        audience=audience,
        group=group,
    )
    return actions.publish_article(actor=author, article=article)


@pytest.fixture
def public_article(lee):
    return publish(lee, "Open letter", audience="public")


@pytest.fixture
def internal_article(lee):
    return publish(lee, "Internal plans", audience="organisation")
