"""/api/docs: Swagger UI served from ninja's bundled assets, so it works offline under our CSP.

ninja's own page falls back to a CDN unless "ninja" is in INSTALLED_APPS; ours always uses
the local copies (ninja/static, found because "ninja" is an installed app), has no inline
script (the settings travel as a JSON data block read by ninja's swagger-ui-init.js), and
declares its language for screen readers.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    template = "api/docs.html"
    default_settings = {
        "layout": "BaseLayout",
        "deepLinking": False,  # its links sit inside buttons: nested controls confuse readers
        "validatorUrl": None,  # never call validator.swagger.io
        "tryItOutEnabled": False,
    }

    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"swagger_settings": settings, "api": api})
