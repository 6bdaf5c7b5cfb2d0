from django.urls import include, path

from townhall.api.urls import api
from townhall.blogs import views as blogs_views
from townhall.core import views as core_views
from townhall.feeds import views as feeds_views
from townhall.identity import oidc as identity_oidc
from townhall.identity import views as identity_views

urlpatterns = [
    path("", feeds_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("media/<path:name>", core_views.media, name="media"),
    # allauth's sign-in page with the organisation's single sign-on buttons (identity).
    path("accounts/login/", identity_views.member_login, name="account_login"),
    # allauth's SAML assertion consumer service, behind identity's replay check.
    path("accounts/saml/<str:organization_slug>/acs/", identity_views.saml_acs),
    # allauth's OpenID Connect sign-in, with a nonce and the ID token's signature checked.
    path("accounts/oidc/<str:provider_id>/login/", identity_oidc.login),
    path("accounts/oidc/<str:provider_id>/login/callback/", identity_oidc.callback),
    path("accounts/", include("townhall.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("people/", include("townhall.people.urls")),
    path("groups/", include("townhall.groups.urls")),
    path("", include("townhall.feeds.urls")),
    path("posts/", include("townhall.posts.urls")),
    path("search/", include("townhall.search.urls")),
    path("notifications/", include("townhall.notifications.urls")),
    path("realtime/", include("townhall.realtime.urls")),
    path("integrations/", include("townhall.integrations.urls")),
    path("blogs/", include("townhall.blogs.urls")),
    path("leadership/", blogs_views.leadership, name="leadership"),
    path("comments/", include("townhall.commenters.urls")),
    path("announcements/", include("townhall.announcements.urls")),
    path("praise/", include("townhall.praise.urls")),
    path("questions/", include("townhall.questions.urls")),
    path("polls/", include("townhall.polls.urls")),
    path("ama/", include("townhall.ama.urls")),
    path("files/", include("townhall.files.urls")),
    path("admin-area/", include("townhall.siteadmin.urls")),
    path("identity/", include("townhall.identity.urls")),
    path("scim/v2/", include("townhall.identity.scim_urls")),
    path("moderation/", include("townhall.moderation.urls")),
    path("api/", api.urls),
    path("", include("townhall.push.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
