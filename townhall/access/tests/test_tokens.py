"""Only a token's active owner sees or revokes it; the check and the filter agree."""

import pytest
from django.http import Http404

from townhall.access.tokens import can_manage_token, get_token_or_404, visible_tokens
from townhall.accounts.actions import deactivate_user
from townhall.accounts.tokens import create_token, revoke_token


@pytest.fixture
def people(make_user):
    return make_user("olav"), make_user("mona"), make_user("alma", role="admin")


def agree(actor, token) -> bool:
    allowed = can_manage_token(actor, token)
    assert allowed == visible_tokens(actor).filter(pk=token.pk).exists()
    return allowed


def test_only_the_owner_sees_their_token_not_a_colleague_nor_an_admin(people):
    olav, mona, alma = people
    token, _ = create_token(user=olav, name="ci")
    assert [agree(person, token) for person in (olav, mona, alma)] == [True, False, False]
    assert get_token_or_404(olav, token.pk) == token
    for outsider in (mona, alma):
        with pytest.raises(Http404):
            get_token_or_404(outsider, token.pk)


def test_a_revoked_token_or_a_deactivated_owner_leaves_nothing_to_see(people):
    olav, _, alma = people
    revoked, _ = create_token(user=olav, name="old")
    revoke_token(token=revoked)
    assert not agree(olav, revoked)
    live, _ = create_token(user=olav, name="new")
    deactivate_user(actor=alma, person=olav)
    olav.refresh_from_db()
    assert not agree(olav, live)
