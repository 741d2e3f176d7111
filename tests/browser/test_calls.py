"""The Secretariat creates a call and a post through the workbench's forms in Chromium."""

from nominations.models import Call, Post
from tests.browser.conftest import (
    assert_accessible,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)

PHONE = {"width": 390, "height": 844}


def sign_in(page, live_server):
    sign_in_as(page, live_server, "secretariat@nomina.example")


def test_the_secretariat_creates_a_call_and_a_post(page, live_server, console, demo_data):
    sign_in(page, live_server)
    page.get_by_role("link", name="New call").click()
    page.get_by_label("Reference").fill("EO/77/2027")
    page.get_by_label("Title", exact=True).fill("Junior Professional Officers")
    deadline = page.get_by_role("group", name="Deadline")
    deadline.get_by_label("Day").fill("15")
    deadline.get_by_label("Month").fill("11")
    deadline.get_by_label("Year").fill("2030")
    page.get_by_label("Place of issue").fill("Geneva")
    page.get_by_label("Chosen member states").check()
    # The search box (JavaScript) narrows the long list; the ticked state stays listed.
    page.get_by_label("Find a member state").fill("germ")
    page.get_by_label("Germany", exact=True).check()
    assert page.get_by_label("France", exact=True).is_hidden()
    assert_accessible(page)
    save_screenshot(page, "call-form")
    page.get_by_role("button", name="Create the call").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/workbench/"
    call = Call.objects.get(reference="EO/77/2027")
    assert list(call.addressed_states.values_list("name_en", flat=True)) == ["Germany"]

    page.goto(f"{live_server.url}/workbench/calls/{call.pk}/posts/new/")
    page.get_by_label("Post title").fill("JPO, Data and Knowledge Officer")
    page.get_by_label("Duty station", exact=True).fill("Berlin, Germany")
    page.get_by_label("Background", exact=True).fill("The main focus of the IOM JPO programme.")
    page.get_by_label("Duties", exact=True).fill(
        "Support knowledge management\nReach out to countries"
    )
    row = page.get_by_role("group", name="Competency 1")
    row.get_by_label("Kind").select_option("managerial")
    row.get_by_label("Name").fill("Leadership")
    row.get_by_label("Level").select_option("1")
    page.get_by_role("button", name="Save the post").click()
    page.wait_for_load_state()
    # Level 1 is not a managerial level: the summary says so and links to the field.
    page.get_by_role("link", name="A managerial competency takes level 2 or 3, not 1.").click()
    assert page.evaluate("document.activeElement.id") == "id_competencies-0-level"
    assert_accessible(page)
    page.get_by_role("group", name="Competency 1").get_by_label("Level").select_option("2")
    page.get_by_role("button", name="Save the post").click()
    page.wait_for_load_state()

    post = Post.objects.get(call=call)
    assert page.url == f"{live_server.url}/workbench/posts/{post.pk}/"
    assert page.get_by_role("heading", name="JPO, Data and Knowledge Officer").is_visible()
    assert page.get_by_text("Leadership", exact=True).is_visible()
    assert_no_csp_violation(console)


def test_the_post_page_of_a_demo_post(page, live_server, console, demo_data):
    post = Post.objects.get(title="Deputy Director General for Operations")
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/workbench/posts/{post.pk}/")

    assert page.get_by_role("heading", name="III. Competencies").is_visible()
    assert page.get_by_role("link", name="Reopen nominations").is_visible()
    assert_no_csp_violation(console)
    assert_accessible(page)
    save_screenshot(page, "post-page")
    page.set_viewport_size(PHONE)
    save_screenshot(page, "post-page-phone")
    page.goto(f"{live_server.url}/workbench/calls/new/")
    save_screenshot(page, "call-form-phone")
    assert_no_csp_violation(console)
