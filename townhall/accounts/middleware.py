import zoneinfo

from django.utils import timezone, translation


class PersonalPreferencesMiddleware:
    """Use the signed-in person's language and time zone (else the browser's language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            if user.time_zone:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            else:
                timezone.deactivate()
        return self.get_response(request)
