from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from townhall.people import avatars
from townhall.people.actions import update_profile
from townhall.people.tests.images import (
    GPS_IFD,
    MAKE,
    photo,
    photo_bytes,
    png_bytes,
    upload,
)


def stored_image(person) -> Image.Image:
    with default_storage.open(person.avatar.name) as handle:
        image = Image.open(BytesIO(handle.read()))
        image.load()
    return image


def test_uploaded_photo_becomes_a_256_pixel_square_webp(member):
    update_profile(actor=member, person=member, changes={"avatar": photo(size=(800, 500))})
    image = stored_image(member)
    assert image.format == "WEBP"
    assert image.size == (256, 256)
    assert member.avatar.name.startswith("avatars/")
    assert member.avatar.name.endswith(".webp")


def test_camera_make_and_gps_position_are_gone_from_the_stored_picture(member):
    original = photo_bytes(camera="SecretCam", gps=True)
    assert Image.open(BytesIO(original)).getexif()[MAKE] == "SecretCam"  # the upload has them
    update_profile(actor=member, person=member, changes={"avatar": upload(original)})
    image = stored_image(member)
    exif = image.getexif()
    assert MAKE not in exif
    assert not exif.get_ifd(GPS_IFD)
    with default_storage.open(member.avatar.name) as handle:
        raw = handle.read()
    assert b"SecretCam" not in raw
    assert b"Exif" not in raw


def test_a_sideways_phone_photo_is_turned_upright(member):
    # Left half red, right half blue, stored sideways: upright, red is on top.
    update_profile(actor=member, person=member, changes={"avatar": photo(rotate=True)})
    image = stored_image(member).convert("RGB")
    top, bottom = image.getpixel((128, 5)), image.getpixel((128, 250))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_transparent_png_keeps_its_transparency(member):
    update_profile(
        actor=member, person=member, changes={"avatar": upload(png_bytes(), "a.png", "image/png")}
    )
    image = stored_image(member)
    assert image.mode == "RGBA"
    assert image.getpixel((10, 10))[3] < 255


def test_an_animated_gif_keeps_its_first_frame(member):
    frames = [Image.new("RGB", (50, 50), colour) for colour in ("green", "red")]
    out = BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    update_profile(
        actor=member,
        person=member,
        changes={"avatar": upload(out.getvalue(), "a.gif", "image/gif")},
    )
    pixel = stored_image(member).convert("RGB").getpixel((128, 128))
    assert pixel[1] > 100 and pixel[0] < 60


def test_a_text_file_is_refused_with_a_clear_message(member):
    fake = upload(b"#!/bin/sh\necho hi\n", "me.jpg")
    with pytest.raises(ValidationError) as error:
        update_profile(actor=member, person=member, changes={"avatar": fake})
    assert "not a picture" in error.value.message_dict["avatar"][0]
    assert not member.avatar


def test_a_format_we_do_not_accept_is_refused(member):
    out = BytesIO()
    Image.new("RGB", (40, 40), "red").save(out, format="BMP")
    with pytest.raises(ValidationError) as error:
        avatars.process_avatar(upload(out.getvalue(), "a.bmp", "image/bmp"))
    assert "JPEG, PNG, WebP or GIF" in error.value.messages[0]


def test_a_truncated_picture_is_refused(member):
    data = photo_bytes(size=(600, 600))
    with pytest.raises(ValidationError) as error:
        avatars.process_avatar(upload(data[: len(data) // 2]))
    assert "not a picture" in error.value.messages[0]


def test_a_file_over_five_megabytes_is_refused_before_it_is_read(member):
    big = SimpleUploadedFile("big.jpg", b"\xff" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        update_profile(actor=member, person=member, changes={"avatar": big})
    assert "at most 5 MB" in error.value.message_dict["avatar"][0]


@pytest.mark.parametrize("side", [7000, 10000])
def test_a_decompression_bomb_is_refused_without_decoding_it(member, side):
    # A tiny file that would decode to 49 or 100 megapixels.
    out = BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")
    assert len(out.getvalue()) < 200_000
    with pytest.raises(ValidationError) as error:
        avatars.process_avatar(upload(out.getvalue(), "bomb.png", "image/png"))
    assert "too many pixels" in error.value.messages[0]
    assert Image.MAX_IMAGE_PIXELS is not None


def test_replacing_the_picture_deletes_the_old_file(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(actor=member, person=member, changes={"avatar": photo()})
    first = member.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(actor=member, person=member, changes={"avatar": photo(camera="Other")})
    assert member.avatar.name != first
    assert default_storage.exists(member.avatar.name)
    assert not default_storage.exists(first)


def test_removing_the_picture_deletes_the_file(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(actor=member, person=member, changes={"avatar": photo()})
    first = member.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(actor=member, person=member, changes={"avatar": None})
    member.refresh_from_db()
    assert not member.avatar
    assert not default_storage.exists(first)


def test_a_stored_avatar_is_served_to_signed_in_people_only(client, member, make_user):
    update_profile(actor=member, person=member, changes={"avatar": photo()})
    url = member.avatar.url
    assert client.get(url).status_code == 302  # to sign-in
    client.force_login(make_user("olav"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"


def render_avatar(person, size=48) -> str:
    template = Template("{% load people %}{% avatar person size %}")
    return template.render(Context({"person": person, "size": size}))


def test_avatar_tag_shows_the_picture_with_the_name_as_alt_text(member):
    update_profile(actor=member, person=member, changes={"avatar": photo()})
    html = render_avatar(member, 64)
    assert f'src="/media/{member.avatar.name}"' in html
    assert 'alt="Mona Member"' in html
    assert 'width="64"' in html
    assert "style=" not in html


def test_avatar_tag_falls_back_to_initials_on_a_coloured_circle(make_user):
    person = make_user("orjan", email="orjan@northwind.example", display_name="ørjan <b>Ås</b>")
    html = render_avatar(person, 40)
    assert ">ØÅ<" not in html  # the markup in the name is escaped, not used for initials
    assert 'aria-label="ørjan &lt;b&gt;Ås&lt;/b&gt;"' in html
    assert "avatar-size-48" in html  # rounded up to a size the stylesheet knows
    assert "avatar-colour-" in html
    assert "style=" not in html
    plain = render_avatar(make_user("kari", display_name="Kari Nordmann"))
    assert '<span aria-hidden="true">KN</span>' in plain


def test_initials_colour_is_stable_for_a_person_and_varies_between_people(make_user):
    people = [make_user(f"p{i}") for i in range(12)]
    colours = [render_avatar(p).split("avatar-colour-")[1][0] for p in people]
    assert colours == [render_avatar(p).split("avatar-colour-")[1][0] for p in people]
    assert len(set(colours)) > 2
