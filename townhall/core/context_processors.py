from townhall.core.site import current_site_settings


def site(request):
    return {"site": current_site_settings()}
