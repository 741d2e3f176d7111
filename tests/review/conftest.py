import pytest

from nominations.models import Competency, PostCompetency
from tests import factories


@pytest.fixture
def framework(db):
    """Two entries of the framework (seed 000): a value and a levelled core competency."""
    integrity = Competency.objects.create(
        code="integrity",
        name="Integrity and transparency",
        kind=Competency.Kind.VALUE,
        indicators={"0": ["Maintains high ethical standards."]},
    )
    results = Competency.objects.create(
        code="delivering-results",
        name="Delivering results",
        kind=Competency.Kind.CORE,
        indicators={
            "1": ["Meets goals and timelines for delivery."],
            "2": ["Anticipates constraints and identifies solutions."],
            "3": ["Challenges self and team to deliver high quality results."],
        },
    )
    return {"integrity": integrity, "results": results}


@pytest.fixture
def post(member_states, framework):
    """A post in shortlisting: a master's degree, 15 years, English; French an asset."""
    post = factories.PostFactory(
        title="Deputy Director General for Operations",
        status="shortlisting",
        min_degree="masters",
        education="Master's degree in international relations, law or a related field.",
        min_years_experience=15,
        required_languages=["en"],
        asset_languages=["fr"],
    )
    PostCompetency.objects.create(
        post=post, position=1, kind="value", name="Integrity", competency=framework["integrity"]
    )
    PostCompetency.objects.create(
        post=post,
        position=2,
        kind="core",
        name="Delivering results",
        level=3,
        competency=framework["results"],
    )
    return post


@pytest.fixture
def nomination(post, member_states):
    """A complete nomination from Kenya, a Kenyan candidate, with a CV."""
    nomination = factories.NominationFactory(
        post=post,
        member_state=member_states["KEN"],
        candidate__full_name="Amina Wanjiru",
        status="complete",
    )
    factories.add_document(nomination, content=b"%PDF-1.4 Amina's CV")
    return nomination


@pytest.fixture
def member(member_states):
    """An executive office member of French nationality."""
    user = factories.account("executive", email="member@eo.test")
    user.nationality = member_states["FRA"]
    user.save()
    return user


@pytest.fixture
def peer(member_states):
    user = factories.account("executive", email="peer@eo.test")
    user.nationality = member_states["MEX"]
    user.save()
    return user


@pytest.fixture
def compatriot(member_states):
    """An executive office member of the candidate's nationality (Kenyan)."""
    user = factories.account("executive", email="compatriot@eo.test")
    user.nationality = member_states["KEN"]
    user.save()
    return user
