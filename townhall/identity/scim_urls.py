from django.urls import path

from townhall.identity import scim, scim_groups

urlpatterns = [
    path("Users", scim.users, name="scim_users"),
    path("Users/<str:pk>", scim.user, name="scim_user"),
    path("Groups", scim_groups.groups, name="scim_groups"),
    path("Groups/<str:pk>", scim_groups.group, name="scim_group"),
    path("ServiceProviderConfig", scim.service_provider_config),
    path("Schemas", scim.schemas),
    path("ResourceTypes", scim.resource_types),
]
