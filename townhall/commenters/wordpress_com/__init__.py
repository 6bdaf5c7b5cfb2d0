"""A WordPress.com sign-in provider for django-allauth (allauth ships none).

WordPress.com speaks plain OAuth2 (https://developer.wordpress.com/docs/oauth2/): the
browser goes to /oauth2/authorize, we trade the code at /oauth2/token and read the person
from /rest/v1.1/me. The provider registers through allauth's provider API: a `provider.py`
with `provider_classes`, an `OAuth2Adapter` in `views.py` and `urls.py` from
`default_urlpatterns`, in an installed app of its own.
"""
