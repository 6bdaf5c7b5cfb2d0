"""Whatever a client sends to the new write endpoints, the answer is a 4xx JSON, never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townhall.api.tests.conftest import ApiClient
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=200),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=6,
)
FIELDS = ["body", "group_id", "parent_id", "kind", "name", "kind", "person_id", "post_id", ""]
bodies = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=3)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def setting(member, make_user, token_for):
    post = posts.create_post(actor=member, body="Target")
    return ApiClient(token_for(member, "write")), post


def assert_client_error_or_success(response):
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert {"code", "message"} <= set(response.json())


@FUZZ
@given(body=bodies, path=st.sampled_from(["posts", "comments", "reactions", "groups", "move"]))
def test_any_json_sent_to_the_write_endpoints_is_answered_without_a_500(setting, body, path):
    api, post = setting
    url = {
        "posts": "/api/v1/posts",
        "comments": f"/api/v1/posts/{post.pk}/comments",
        "reactions": f"/api/v1/posts/{post.pk}/reactions",
        "groups": "/api/v1/groups",
        "move": f"/api/v1/posts/{post.pk}/move",
    }[path]
    assert_client_error_or_success(api.post(url, body))


@FUZZ
@given(key=st.text(max_size=40), raw=st.binary(max_size=60))
def test_odd_idempotency_keys_and_bodies_never_break_the_api(setting, key, raw):
    api, _post = setting
    try:
        header = key.encode("latin-1").decode("latin-1")
    except UnicodeEncodeError:
        header = "x"
    response = api.post("/api/v1/posts", raw=raw, HTTP_IDEMPOTENCY_KEY=header)
    assert_client_error_or_success(response)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/posts/0",
        "/api/v1/posts/" + "9" * 30,
        "/api/v1/posts/1/reactions/%00",
        "/api/v1/topics/%00",
        "/api/v1/topics/" + "x" * 500,
        "/api/v1/topics/%ff/feed",
        "/api/v1/mentions?q=%00",
        "/api/v1/mentions?post_id=-1",
        "/api/v1/feeds/home?cursor=%ff",
        "/api/v1/feeds/home?limit=0",
        "/api/v1/groups?mine=maybe",
        "/api/v1/groups/1/members?cursor=abc",
    ],
)
def test_odd_urls_on_the_new_endpoints_are_answered_without_a_500(setting, path):
    api, _post = setting
    response = api.get(path)
    assert 400 <= response.status_code < 500, (path, response.content)
    assert response["Content-Type"].startswith("application/json")
