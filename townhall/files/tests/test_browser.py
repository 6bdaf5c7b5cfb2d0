"""In a real browser: paste a picture into the composer, see the upload's progress bar
fill, describe it, post, see its thumbnail in the new post, open the gallery; axe on each."""

import base64
import re

import pytest
from playwright.sync_api import expect

from townhall.files.models import Attachment
from townhall.files.tests.conftest import picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"

PASTE = """([textareaSelector, data]) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const file = new File([bytes], "screenshot.png", {type: "image/png"});
  const transfer = new DataTransfer();
  transfer.items.add(file);
  const target = document.querySelector(textareaSelector);
  target.focus();
  const options = {clipboardData: transfer, bubbles: true, cancelable: true};
  target.dispatchEvent(new ClipboardEvent("paste", options));
}"""


def test_paste_a_picture_see_the_progress_post_it_and_open_the_gallery(
    page, live_server, assert_accessible, make_user
):
    make_user("aria", display_name="Aria Author")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("aria@northwind.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    composer = page.locator("form[data-composer]").first
    data = base64.b64encode(picture("PNG", (640, 480), (20, 140, 90))).decode()
    page.evaluate(PASTE, ["form[data-composer] textarea[name=body]", data])

    item = composer.locator(".upload-item")
    expect(item).to_contain_text("screenshot.png")
    expect(item.locator("progress")).to_have_attribute("value", "100")
    expect(item.locator("img.upload-thumb")).to_have_attribute("src", re.compile(r"/thumb/"))
    item.get_by_label("Description for screen readers").fill("A green test card")
    assert_accessible(page)

    composer.locator("textarea[name=body]").fill("Here is the screenshot")
    composer.get_by_role("button", name="Post").click()
    thumb = page.locator("article.post img.attachment-thumb").first
    expect(thumb).to_have_attribute("alt", "A green test card")
    expect(thumb).to_be_visible()
    expect(composer.locator(".upload-item")).to_have_count(0)  # the composer is empty again
    attachment = Attachment.objects.get()
    assert attachment.post.body == "Here is the screenshot"
    assert attachment.state == "ready"

    thumb.click()
    page.wait_for_url(re.compile(r"/files/posts/\d+/gallery/"))
    big = page.get_by_role("img", name="A green test card")
    expect(big).to_be_visible()
    assert big.evaluate("img => img.naturalWidth") == 640
    assert_accessible(page)
    assert errors == []


def test_a_comment_with_a_picture_shows_its_thumbnail_without_a_reload(
    page, live_server, assert_accessible, make_user
):
    from townhall.posts.actions import create_post

    aria = make_user("aria", display_name="Aria Author")
    post = create_post(actor=aria, body="What does your desk look like?")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("aria@northwind.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/posts/{post.pk}/")
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    form = page.locator("#comment-form")
    data = base64.b64encode(picture("PNG", (320, 200), (200, 120, 20))).decode()
    page.evaluate(PASTE, ["#comment-form textarea[name=body]", data])
    item = form.locator(".upload-item")
    expect(item.locator("progress")).to_have_attribute("value", "100")
    expect(item.locator("img.upload-thumb")).to_have_attribute("src", re.compile(r"/thumb/"))
    item.get_by_label("Description for screen readers").fill("An orange desk")
    form.locator("textarea[name=body]").fill("Mine is orange")
    form.get_by_role("button", name="Comment").click()

    thumb = page.locator("#comment-list article.comment img.attachment-thumb")
    expect(thumb).to_have_attribute("alt", "An orange desk")
    expect(thumb).to_be_visible()
    thumb.scroll_into_view_if_needed()  # lazy-loaded: in view, it loads
    page.wait_for_function(  # the thumbnail really loaded (its bytes, not a broken image)
        "() => { const img = document.querySelector('#comment-list img.attachment-thumb');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    expect(form.locator(".upload-item")).to_have_count(0)
    assert page.evaluate("window.__sameDocument === true")  # no reload happened
    attachment = Attachment.objects.get()
    assert attachment.comment.body == "Mine is orange"
    assert_accessible(page)
    assert errors == []


def test_a_comment_with_a_picture_from_a_feed_card_shows_under_the_card(
    page, live_server, make_user
):
    from townhall.posts.actions import create_post

    aria = make_user("aria", display_name="Aria Author")
    post = create_post(actor=aria, body="Show your lunch")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("aria@northwind.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"{live_server.url}/company/")
    card = page.locator(f"#post-{post.pk}")
    card.locator("summary", has_text="Write a comment").click()
    form = card.locator("form[data-composer]")
    expect(form.locator("textarea[name=body]")).to_be_visible()
    data = base64.b64encode(picture("PNG", (200, 200), (240, 200, 0))).decode()
    page.evaluate(PASTE, [f"#post-{post.pk} form textarea[name=body]", data])
    expect(form.locator(".upload-item img.upload-thumb")).to_have_attribute(
        "src", re.compile(r"/thumb/")
    )
    form.locator("textarea[name=body]").fill("Soup")
    form.get_by_role("button", name="Comment").click()
    thumb = card.locator(f"#post-{post.pk}-new-comments img.attachment-thumb")
    expect(thumb).to_be_visible()
    assert Attachment.objects.get().comment.body == "Soup"
