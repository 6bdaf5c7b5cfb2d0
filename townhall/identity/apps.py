from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "townhall.identity"
    label = "identity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-in success and failure are recorded from Django's and allauth's sign-in
        # signals (the only events recorded this way: every other entry is written by the
        # action that made the change).
        from townhall.identity import signin_events  # noqa: F401
