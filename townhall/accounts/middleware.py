import contextlib
import zoneinfo

from django.utils import timezone, translation


class PersonalPreferencesMiddleware:
    """Use the signed-in person's language and time zone (else the browser's language).

    Both apply for this request only: the thread goes back to its previous language and
    time zone afterwards, so nothing leaks into the next request or test on the same thread.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        with contextlib.ExitStack() as preferences:
            if user.language:
                preferences.enter_context(translation.override(user.language))
                request.LANGUAGE_CODE = user.language
            zone = zoneinfo.ZoneInfo(user.time_zone) if user.time_zone else None
            preferences.enter_context(timezone.override(zone))
            response = self.get_response(request)
            # LocaleMiddleware only fills this in when missing; it runs after we restore.
            response.headers.setdefault("Content-Language", translation.get_language())
        return response
