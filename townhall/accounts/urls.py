from django.urls import path

from townhall.accounts import views

app_name = "accounts"
urlpatterns = [
    path("invite/<str:key>/", views.accept_invitation, name="accept_invitation"),
    path("security/", views.security, name="security"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke, name="revoke_token"),
]
