from django.apps import AppConfig


class SiteadminConfig(AppConfig):
    name = "townhall.siteadmin"
    label = "siteadmin"
