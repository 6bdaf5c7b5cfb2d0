"""Whatever a client sends, the API answers with a 4xx JSON error, never a 500."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townhall.api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

FIELDS = [
    "display_name",
    "job_title",
    "department",
    "location",
    "phone",
    "bio",
    "expertise",
    "pronouns",
    "language",
    "time_zone",
    "manager_id",
    "role",
    "id",
    "",
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=300),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children),
    max_leaves=8,
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def mona_api(member, token_for):
    return ApiClient(token_for(member, "write"))


def assert_json_client_error(response):
    assert response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) >= {"code", "message"} or response.status_code < 300


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4))
def test_any_json_object_patched_to_me_is_answered_without_a_500(mona_api, changes):
    assert_json_client_error(mona_api.patch("/api/v1/me", changes))


@FUZZ
@given(body=st.binary(max_size=200))
def test_any_bytes_patched_to_me_are_answered_without_a_500(mona_api, body):
    assert_json_client_error(mona_api.patch("/api/v1/me", raw=body))


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "department", "cursor", "limit", "x"]), st.text(max_size=80)
    )
)
def test_any_search_parameters_are_answered_without_a_500(mona_api, params):
    assert_json_client_error(mona_api.get("/api/v1/people", params))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/people/%ff",
        "/api/v1/people/%00",
        "/api/v1/people/1e9",
        "/api/v1/people/" + "9" * 400,
        "/api/v1/people/1/",
        "/api/v1/people?limit=%00",
        "/api/v1/people?q=%ff%fe&cursor=%ff",
        "/api/v1/people?limit=1&limit=2",
    ],
)
def test_odd_urls_are_answered_without_a_500(mona_api, path):
    assert_json_client_error(mona_api.get(path))


def test_huge_and_deeply_nested_bodies_are_refused_cleanly(mona_api):
    nested = "[" * 5000 + "]" * 5000
    assert_json_client_error(mona_api.patch("/api/v1/me", raw=nested.encode()))
    big = json.dumps({"bio": "x" * 100_000, "expertise": ["y"] * 10_000})
    assert mona_api.patch("/api/v1/me", raw=big.encode()).status_code == 422
