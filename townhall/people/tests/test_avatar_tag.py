"""The {% avatar %} tag: a picture for signed-in readers, initials for signed-out ones."""

from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

TAG = Template("{% load people %}{% avatar person 32 %}")


def render_for(person, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return TAG.render(Context({"person": person, "request": request}))


def test_a_signed_in_reader_sees_the_picture(make_user):
    ada = make_user("ada", display_name="Ada Lindqvist")
    ada.avatar = "avatars/ada.webp"
    html = render_for(ada, ada)
    assert "<img" in html and "/media/avatars/ada.webp" in html


def test_a_signed_out_reader_sees_initials_not_a_picture_they_may_not_load(make_user):
    ada = make_user("ada", display_name="Ada Lindqvist")
    ada.avatar = "avatars/ada.webp"
    html = render_for(ada, AnonymousUser())
    assert "<img" not in html and "/media/" not in html
    assert 'aria-label="Ada Lindqvist"' in html and ">AL<" in html
