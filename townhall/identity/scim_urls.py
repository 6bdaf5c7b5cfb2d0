from django.urls import path

from townhall.identity import scim

urlpatterns = [
    path("Users", scim.users, name="scim_users"),
    path("Users/<str:pk>", scim.user, name="scim_user"),
    path("ServiceProviderConfig", scim.service_provider_config),
    path("Schemas", scim.schemas),
    path("ResourceTypes", scim.resource_types),
]
