import io

import pytest
from django.core.management import call_command

from nominations.models import Post, ShortlistProposal
from review.models import Rating
from workflows.audit import first_broken_event


@pytest.mark.django_db
def test_seed_review_demo_puts_a_demo_post_in_shortlisting_with_a_proposal():
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_review_demo", stdout=out)
    post = Post.objects.get(call__reference="EO/821/2023", status="shortlisting")
    assert post.nominations.filter(status="eligible").count() >= 5
    assert post.nominations.filter(status="ineligible").count() == 1
    proposal = ShortlistProposal.objects.get(post=post)
    assert proposal.status == "proposed" and proposal.nominations.count() == 3
    assert Rating.objects.filter(assessment__nomination__post=post).exists()
    assert "executive3@nomina.example" in out.getvalue()
    # Run twice: nothing changes.
    before = Rating.objects.count()
    call_command("seed_review_demo", stdout=io.StringIO())
    assert Rating.objects.count() == before and ShortlistProposal.objects.count() == 1
    assert first_broken_event() is None
