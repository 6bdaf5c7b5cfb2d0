"""The WordPress.com provider, found by allauth's registry through `provider_classes`."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from townhall.commenters.wordpress_com.views import WordPressComOAuth2Adapter


class WordPressComAccount(ProviderAccount):
    def get_profile_url(self):
        return self.account.extra_data.get("profile_URL") or None

    def get_avatar_url(self):
        return self.account.extra_data.get("avatar_URL") or None

    def to_str(self):
        return self.account.extra_data.get("display_name") or super().to_str()


class WordPressComProvider(OAuth2Provider):
    id = "wordpress_com"
    name = "WordPress.com"
    account_class = WordPressComAccount
    oauth2_adapter_class = WordPressComOAuth2Adapter

    def get_default_scope(self):
        # "auth" gives /me (ID, display name, email) and nothing to write with.
        return ["auth"]

    def extract_uid(self, data):
        return str(data["ID"])

    def extract_common_fields(self, data):
        return {
            "email": data.get("email") or None,
            "username": data.get("username") or None,
            "name": data.get("display_name") or None,
        }

    def extract_email_addresses(self, data):
        email = data.get("email")
        if not email:
            return []
        return [EmailAddress(email=email, verified=bool(data.get("email_verified")), primary=True)]


provider_classes = [WordPressComProvider]
