"""People, groups and posts for the search tests, built through the real actions, with the
index updated after each commit as in production (ImmediateBackend runs the tasks)."""

import pytest

from townhall.groups import actions as groups
from townhall.posts import actions as posts


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action and its after-commit work (the index tasks)."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


@pytest.fixture
def post(committed):
    def make(actor, body, group=None):
        return committed(posts.create_post, actor=actor, body=body, group=group)

    return make


@pytest.fixture
def bo(make_user):
    return make_user("bo", display_name="Bo Builder")


@pytest.fixture
def secret_group(bo):
    return groups.create_group(actor=bo, name="Skunkworks", kind="secret")


@pytest.fixture
def private_group(bo):
    return groups.create_group(actor=bo, name="Board room", kind="private")
