"""Assessments due: scheduled when a nomination is screened eligible, swept to the
executive office members who have not submitted, once each."""

import datetime

import pytest

from notifications.models import OutgoingMessage
from reminders.models import DuePoint
from tests import factories
from tests.reminders.conftest import at, geneva, sweep_at

from .helpers import rate, screen_all_met

pytestmark = pytest.mark.django_db

SCREENED = geneva(2024, 3, 4, 10)


def due_reminders():
    return OutgoingMessage.objects.filter(kind="reminder_assessments_due").order_by("to")


@pytest.fixture
def screened(nomination, member):
    with at(SCREENED):
        screen_all_met(nomination, member)
    return nomination


def test_screening_eligible_schedules_the_reminder(screened, settings):
    point = DuePoint.objects.get(kind="assessments_due")
    assert point.nomination == screened
    assert point.send_by == geneva(2024, 3, 18, 10)  # NOMINA_ASSESSMENT_DAYS = 14
    assert point.due_at == geneva(2024, 3, 15, 10)  # three days before


def test_the_members_who_have_not_submitted_are_reminded_once(
    screened, member, peer, compatriot, post
):
    with at(geneva(2024, 3, 10, 9)):
        rate(screened, peer)
    second = factories.NominationFactory(
        post=post, member_state=screened.member_state, candidate__full_name="Brian Otieno",
        status="complete",
    )  # fmt: skip
    factories.add_document(second)
    with at(SCREENED + datetime.timedelta(hours=1)):
        screen_all_met(second, member)
    assert sweep_at(geneva(2024, 3, 15, 11, 30)) == {"done": 2}
    messages = list(due_reminders())
    # The peer has submitted for Amina, not Brian; the compatriot is excluded from both.
    assert [m.to for m in messages] == [["member@eo.test"], ["peer@eo.test"]]
    assert "Amina Wanjiru" not in messages[1].body
    assert "this eligible candidate" in messages[1].body and "- Brian Otieno" in messages[1].body
    message = messages[0]
    assert message.subject == "Assessments due: Deputy Director General for Operations"
    assert "- Amina Wanjiru" in message.body and "- Brian Otieno" in message.body
    assert "They are due by 18 March 2024" in message.body
    assert f"/review/posts/{post.pk}/" in message.body
    assert message.send_by == geneva(2024, 3, 18, 10)
    # A second sweep finds nothing due.
    assert sweep_at(geneva(2024, 3, 15, 12)) == {}
    assert due_reminders().count() == 2


def test_nothing_is_sent_for_a_post_no_longer_in_shortlisting(screened, member, post):
    from nominations.models import Post

    Post.objects.filter(pk=post.pk).update(status="shortlisted")
    assert sweep_at(geneva(2024, 3, 15, 10, 30)) == {"moot": 1}
    assert not due_reminders().exists()
