"""Every role's main pages fit a phone's width (390 px) in English, French and Spanish,
with the demo data and a post in shortlisting: a wide table scrolls inside its own
region, a form stays within the page, nothing pushes the page past the screen's edge."""

import pytest
from django.urls import reverse

from accounts.models import User
from nominations.models import Call, Nomination, NoteVerbale
from shortlisting import demo as review_demo
from tests.browser.conftest import DEMO_PASSWORD, sign_in_as

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(demo_data):
    post = review_demo.seed(DEMO_PASSWORD)["post"]
    nomination = Nomination.objects.filter(post=post, status="eligible").first()
    call = Call.objects.get(reference="EO/821/2023")
    france_note = NoteVerbale.objects.filter(member_state__code="FRA").first()
    return {
        "secretariat@nomina.example": [
            reverse("workbench:home"),
            reverse("workbench:call_dashboard", args=[call.pk]),
            reverse("workbench:nomination_list"),
            reverse("workbench:note_list"),
            reverse("workbench:nomination_detail", args=[nomination.pk]),
            reverse("workbench:post_detail", args=[post.pk]),
            reverse("workbench:note_log"),
            reverse("workbench:outbox"),
            reverse("workbench:focal_points"),
            reverse("audit:log"),
        ],
        "executive2@nomina.example": [
            reverse("review:home"),
            reverse("review:post", args=[post.pk]),
            reverse("shortlisting:side_by_side", args=[post.pk]),
            reverse("review:screening", args=[nomination.pk]),
            reverse("review:assessment", args=[nomination.pk]),
        ],
        "mission-fra@nomina.example": [
            reverse("portal:home"),
            reverse("portal:call_list"),
            reverse("portal:call_detail", args=[call.pk]),
            reverse("portal:nomination_list"),
            reverse("portal:note_list"),
            reverse("portal:note_detail", args=[france_note.pk]),
        ],
    }


def overflowing(page):
    """How far the page reaches past the viewport's right edge, in CSS pixels."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_main_page_fits_a_phone(browser, live_server, world, language):
    too_wide = []
    for email, paths in world.items():
        User.objects.filter(email=email).update(language=language)  # the account's choice
        context = browser.new_context(viewport=PHONE, locale="en-GB")
        page = context.new_page()
        sign_in_as(page, live_server, email)  # by the sign-in page's English labels
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert page.locator("html").get_attribute("lang") == language, path
            if overflowing(page) > 0:
                too_wide.append(f"{path} ({overflowing(page)} px)")
        context.close()
    assert too_wide == []
