from django.urls import path

from townhall.identity import views

app_name = "identity"
urlpatterns = [
    path("sessions/", views.my_sessions, name="sessions"),
    path("sessions/<int:session_id>/end/", views.end_my_session, name="end_session"),
    path("sign-in-refused/", views.sso_refused, name="sso_refused"),
]
