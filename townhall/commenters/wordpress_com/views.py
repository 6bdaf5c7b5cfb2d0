"""The OAuth2 half of the WordPress.com provider: endpoints and reading the profile."""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.conf import settings

# Overridable (tests point these at a local OAuth2 server): TOWNHALL_WORDPRESS_COM_BASE_URL.
BASE_URL = "https://public-api.wordpress.com"


def base_url() -> str:
    return getattr(settings, "TOWNHALL_WORDPRESS_COM_BASE_URL", BASE_URL).rstrip("/")


class WordPressComOAuth2Adapter(OAuth2Adapter):
    provider_id = "wordpress_com"

    @property
    def access_token_url(self) -> str:
        return f"{base_url()}/oauth2/token"

    @property
    def authorize_url(self) -> str:
        return f"{base_url()}/oauth2/authorize"

    @property
    def profile_url(self) -> str:
        return f"{base_url()}/rest/v1.1/me"

    def complete_login(self, request, app, token, **kwargs):
        headers = {"Authorization": f"Bearer {token.token}"}
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers=headers, timeout=10)
            response.raise_for_status()
            extra_data = response.json()
        return self.get_provider().sociallogin_from_response(request, extra_data)


oauth2_login = OAuth2LoginView.adapter_view(WordPressComOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(WordPressComOAuth2Adapter)
