"""OpenID Connect sign-in with the two checks django-allauth leaves out.

allauth's OpenID Connect provider checks the ID token's issuer, audience (`aud` = our
client ID) and expiry, but it sends no `nonce` and, when the token comes straight from the
token endpoint, does not check its signature (the specification allows that over TLS).
Townhall wants both, so a token replayed from another sign-in or forged on the way is
refused whatever the transport:

- the sign-in (`login`) sends a fresh random `nonce` and keeps it in allauth's state for
  this browser;
- the callback (`callback`) requires an ID token, verifies its signature against the
  provider's JWKS (as well as issuer, audience and expiry), and requires its `nonce` to be
  the one this sign-in sent.

Any failure is an OAuth2Error, which allauth hands to the SocialAccountAdapter's
`on_authentication_error`: the "sign-in refused" page and an `sso.refused` audit entry for
member providers (identity/adapter.py). Both views are mounted at allauth's own paths
(townhall/urls.py), for member and commenter providers alike.
"""

import hmac
import secrets

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base.utils import respond_to_login_on_get
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404

NONCE_KEY = "townhall_nonce"
# Signed with the provider's private key (and checked with its public one): never "none",
# never a shared-secret algorithm that a public key could be passed off as.
ASYMMETRIC = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}


class CheckedOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    expected_nonce: str | None = None

    def complete_login(self, request, app, token, **kwargs):
        if not kwargs.get("response", {}).get("id_token"):
            raise OAuth2Error("The provider sent no ID token.")
        return super().complete_login(request, app, token, **kwargs)

    def _decode_id_token(self, app, id_token: str) -> dict:
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as error:
            raise OAuth2Error("The ID token cannot be read.") from error
        algorithm = header.get("alg")
        if algorithm not in ASYMMETRIC:
            raise OAuth2Error("The ID token is not signed with one of the provider's keys.")
        key = self._published_key(header.get("kid"), algorithm)
        try:
            data = jwt.decode(
                id_token,
                key=key,
                algorithms=[algorithm],
                audience=app.client_id,
                issuer=self.openid_config["issuer"],
                options={"require": ["iss", "aud", "exp", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise OAuth2Error(f"Invalid id_token: {error}") from error
        jwtkit.verify_jti(data)  # allauth's: a token with a `jti` is accepted only once
        sent = self.expected_nonce or ""
        got = data.get("nonce")
        if not sent or not isinstance(got, str) or not hmac.compare_digest(got, sent):
            raise OAuth2Error("The ID token's nonce is not the one this sign-in sent.")
        return data

    def _published_key(self, kid: str | None, algorithm: str):
        """The provider's signing key named by `kid` in its JWKS (with no `kid`, its only
        signing key), for `algorithm`."""
        with get_adapter().get_requests_session() as session:
            response = session.get(self.openid_config["jwks_uri"])
            response.raise_for_status()
            keys = response.json().get("keys", [])
        signing = [k for k in keys if isinstance(k, dict) and k.get("use", "sig") == "sig"]
        found = [k for k in signing if k.get("kid") == kid] if kid else signing
        if len(found) != 1 or found[0].get("alg", algorithm) != algorithm:
            raise OAuth2Error("The ID token is not signed with one of the provider's keys.")
        try:
            return jwt.PyJWK(found[0], algorithm=algorithm).key
        except (jwt.PyJWTError, KeyError, ValueError) as error:
            raise OAuth2Error("The provider's signing key cannot be read.") from error


class NonceLoginView(OAuth2LoginView):
    def dispatch(self, request, *args, **kwargs):
        provider = self.get_provider()
        shown = respond_to_login_on_get(request, provider)
        if shown:
            return shown
        redirect_kwargs = provider.get_redirect_from_request_kwargs(request)
        nonce = secrets.token_urlsafe(32)
        redirect_kwargs["auth_params"] = {**redirect_kwargs.get("auth_params", {}), "nonce": nonce}
        return provider.redirect(request, **redirect_kwargs, **{NONCE_KEY: nonce})


class NonceCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.expected_nonce = (state or {}).get(NONCE_KEY)
        return state, response


def _through(view_class, request, provider_id: str):
    """allauth's view for this provider with the checking adapter; an unknown provider is 404."""
    try:
        adapter = CheckedOpenIDConnectAdapter(request, provider_id)
        return view_class.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def login(request, provider_id: str):
    return _through(NonceLoginView, request, provider_id)


@login_not_required
def callback(request, provider_id: str):
    return _through(NonceCallbackView, request, provider_id)
