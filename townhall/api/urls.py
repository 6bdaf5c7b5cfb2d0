"""The one NinjaAPI instance, mounted at /api/ (townhall/urls.py).

Versioned routes live under /api/v1/. To add a router: write `townhall/<app>/api.py` (or a
module here) with `router = Router(tags=[...])` and add it below with a "v1/..." prefix.
Auth (token or session, scopes) and the JSON error shape apply to every route automatically.
"""

from django.urls import URLPattern, re_path, register_converter
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from townhall.ama import api as ama_api
from townhall.announcements import api as announcements_api
from townhall.api import feeds, follows, groups, people, posts, search, topics
from townhall.api.auth import api_auth
from townhall.api.docs import LocalSwagger
from townhall.api.errors import error_response, install_error_handlers, not_found_response
from townhall.api.pagination import BIGINT
from townhall.blogs import api as blogs_api
from townhall.commenters import api as commenters_api
from townhall.files import api as files_api
from townhall.integrations import api as integrations_api
from townhall.moderation import api as moderation_api
from townhall.notifications import api as notifications_api
from townhall.polls import api as polls_api
from townhall.praise import api as praise_api
from townhall.push import api as push_api
from townhall.questions import api as questions_api


class IdConverter:
    """`{id:name}` in a route: a positive id our databases can store; anything else is a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= BIGINT:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")


@csrf_exempt
def _no_such_endpoint(request, rest: str = ""):
    return not_found_response()


def _json_method_not_allowed(view):
    """ninja answers an unsupported method with plain text; answer with our JSON error."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            return error_response(
                405,
                "method_not_allowed",
                _("%(method)s is not allowed here. Allowed: %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
                headers={"Allow": allowed},
            )
        return response

    wrapped.csrf_exempt = getattr(view, "csrf_exempt", False)
    return wrapped


class TownhallAPI(NinjaAPI):
    """NinjaAPI whose every answer under /api/ is JSON: unknown paths and methods included."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        wrapped = [
            URLPattern(p.pattern, _json_method_not_allowed(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern)
            else p
            for p in patterns
        ]
        wrapped.append(re_path(r"^(?P<rest>.*)$", _no_such_endpoint))
        return wrapped, app_name, namespace


api = TownhallAPI(
    title="Townhall API",
    version="1",
    description="Townhall's JSON API. See docs/api.md for auth, scopes, errors and paging.",
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_url="/docs",
    auth=api_auth(),
)
install_error_handlers(api)

api.add_router("v1/", people.router)
api.add_router("v1/", posts.router)
api.add_router("v1/", groups.router)
api.add_router("v1/", follows.router)
api.add_router("v1/", feeds.router)
api.add_router("v1/", topics.router)
api.add_router("v1/", search.router)
api.add_router("v1/", notifications_api.router)
api.add_router("v1/", integrations_api.router)
api.add_router("v1/", blogs_api.router)
api.add_router("v1/", commenters_api.router)
api.add_router("v1/", moderation_api.router)
api.add_router("v1/", announcements_api.router)
api.add_router("v1/", praise_api.router)
api.add_router("v1/", push_api.router)
api.add_router("v1/", questions_api.router)
api.add_router("v1/", polls_api.router)
api.add_router("v1/", ama_api.router)
api.add_router("v1/", files_api.router)
