"""Who is calling the API, and may their credentials do this?

Two ways in, tried in this order:

1. `Authorization: Bearer <token>`: a personal API token (townhall.accounts.tokens). When the
   header is present it decides alone: a bad token is a 401, never a fall-back to the session.
2. The browser session, with Django's CSRF check on unsafe methods (POST, PATCH, PUT, DELETE).

Tokens carry a scope: `read` (safe methods only), `write` (reads and writes), `admin`
(everything, including admin endpoints). Sessions carry every scope; what a person may do
is still decided by townhall.access. `require_scope` is the single place scopes are checked.

Usage in a router: `Router(auth=api_auth())` (scope follows the HTTP method) or
`Router(auth=api_auth("admin"))`; inside a route, `require_scope(request, "admin")`.
"""

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from townhall.access.roles import is_active_member
from townhall.accounts.models import ApiToken, User
from townhall.accounts.tokens import user_for_secret
from townhall.api.errors import BEARER_CHALLENGE, ApiError, csrf_failed, not_authenticated

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SCOPE_RANK = {ApiToken.Scope.READ: 0, ApiToken.Scope.WRITE: 1, ApiToken.Scope.ADMIN: 2}


def scope_for_method(method: str | None) -> str:
    return ApiToken.Scope.READ if method in SAFE_METHODS else ApiToken.Scope.WRITE


def require_scope(request: HttpRequest, scope: str) -> None:
    """Raise a 403 `insufficient_scope` unless the request's token grants `scope`.

    Session requests have no token and pass: their limits are the person's role and access.
    """
    token: ApiToken | None = getattr(request, "api_token", None)
    if token is None:
        return
    if SCOPE_RANK.get(token.scope, -1) >= SCOPE_RANK[scope]:
        return
    raise ApiError(
        403,
        "insufficient_scope",
        _("This token has the '%(have)s' scope; this request needs '%(need)s'.")
        % {"have": token.scope, "need": scope},
        headers={
            "WWW-Authenticate": f'{BEARER_CHALLENGE}, error="insufficient_scope", scope="{scope}"'
        },
    )


def _use_language(user: User) -> None:
    """Answer token callers in their chosen language, as the middleware does for sessions.

    (Not their time zone: the API speaks UTC, and LocaleMiddleware resets the language on the
    next request, while an activated time zone would outlive this one in the worker thread.)
    """
    if user.language:
        translation.activate(user.language)


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer th_...`. `scope=None` means: read for GET, write otherwise."""

    def __init__(self, scope: str | None = None) -> None:
        if scope is not None and scope not in SCOPE_RANK:
            raise ValueError(f"unknown scope {scope!r}")
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest) -> User | None:
        header = request.headers.get("Authorization")
        if header is None:
            return None  # let the session try
        scheme, _sep, secret = header.strip().partition(" ")
        secret = secret.strip()
        if scheme.lower() != "bearer" or not secret:
            raise not_authenticated(
                _("Send the token as 'Authorization: Bearer <token>'."), invalid_token=True
            )
        return self.authenticate(request, secret)

    def authenticate(self, request: HttpRequest, token: str) -> User:
        found = user_for_secret(token)
        if found is None:
            raise not_authenticated(
                _(
                    "This API token is not valid: it is unknown, revoked, or its owner is "
                    "deactivated."
                ),
                invalid_token=True,
            )
        user, api_token = found
        request.user = user
        request.api_token = api_token
        _use_language(user)
        require_scope(request, self.scope or scope_for_method(request.method))
        return user


class CsrfSessionAuth(SessionAuth):
    """The signed-in browser session. Unsafe methods must pass Django's CSRF check."""

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if not is_active_member(user):
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise csrf_failed()
        request.api_token = None
        return user


def api_auth(scope: str | None = None) -> list:
    """The auth list for a router or route: a token first, then the session."""
    return [BearerTokenAuth(scope), CsrfSessionAuth()]
