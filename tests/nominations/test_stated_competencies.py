"""A post's competencies as its call words them, with the framework's levels enforced."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from nominations.models import Competency, Post, PostCompetency
from tests import factories

# Section III of both posts of call EO/821/2023 (seed 001), as the call words it:
# five values (not levelled), core competencies at level 3, managerial ones at level 3.
DDG_COMPETENCIES = [
    ("value", "Inclusion and respect for diversity",
     "Respects and promotes individual and cultural differences. Encourages diversity and "
     "inclusion.", None),
    ("value", "Integrity and transparency",
     "Maintains high ethical standards and acts in a manner consistent with organizational "
     "principles/rules and standards of conduct.", None),
    ("value", "Professionalism",
     "Demonstrates ability to work in a composed, competent and committed manner and exercises "
     "careful judgment in meeting day-to-day challenges.", None),
    ("value", "Courage", "Demonstrates willingness to take a stand on issues of importance.", None),
    ("value", "Empathy",
     "Shows compassion for others, makes people feel safe, respected and fairly treated.", None),
    ("core", "Teamwork",
     "Develops and promotes effective collaboration within and across units to achieve shared "
     "goals and optimize results.", 3),
    ("core", "Delivering results",
     "Produces and delivers quality results in a service-oriented and timely manner. Is action "
     "oriented and committed to achieving agreed outcomes.", 3),
    ("core", "Managing and sharing knowledge",
     "Continuously seeks to learn, share knowledge and innovate.", 3),
    ("core", "Accountability",
     "Takes ownership for achieving the Organization's priorities and assumes responsibility for "
     "own actions and delegated work.", 3),
    ("core", "Communication",
     "Encourages and contributes to clear and open communication. Explains complex matters in an "
     "informative, inspiring and motivational way.", 3),
    ("managerial", "Leadership",
     "Provides a clear sense of direction, leads by example and demonstrates the ability to carry "
     "out the Organization's vision. Assists others to realize and develop their leadership and "
     "professional potential.", 3),
    ("managerial", "Empowering others",
     "Creates an enabling environment where staff can contribute their best and develop their "
     "potential.", 3),
    ("managerial", "Building Trust",
     "Promotes shared values and creates an atmosphere of trust and honesty.", 3),
    ("managerial", "Strategic thinking and vision",
     "Works strategically to realize the Organization's goals and communicates a clear strategic "
     "direction.", 3),
    ("managerial", "Humility",
     "Leads with humility and shows openness to acknowledging own shortcomings.", 3),
]  # fmt: skip

# The framework entry (seed 000) whose indicators apply; seed 000 has none for the values and
# the competency that seed 001 adds, and merges "Empowering others" and "Building Trust".
DDG_FRAMEWORK_ENTRIES = [
    "inclusion_diversity", "integrity_transparency", "professionalism", None, None,
    "teamwork", "delivering_results", "managing_sharing_knowledge", "accountability",
    "communication", "leadership", "empowering_trust", "empowering_trust",
    "strategic_thinking_vision", None,
]  # fmt: skip


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_both_ddg_posts_state_the_competencies_of_the_call_in_order(seeded):
    posts = Post.objects.filter(call__reference="EO/821/2023").order_by("id")
    assert posts.count() == 2
    for post in posts:
        stated = post.required_competencies.all()
        assert [(c.kind, c.name, c.description, c.level) for c in stated] == DDG_COMPETENCIES
        assert [c.competency.code if c.competency else None for c in stated] == (
            DDG_FRAMEWORK_ENTRIES
        )


def test_the_jpo_post_states_no_levels_and_keeps_its_own_wording(seeded):
    jpo = Post.objects.exclude(call__reference="EO/821/2023").get()
    stated = list(jpo.required_competencies.values_list("kind", "name", "level"))
    assert stated == [
        ("value", "Inclusion and respect for diversity", None),
        ("value", "Integrity and transparency", None),
        ("value", "Professionalism", None),
        ("core", "Teamwork", None),
        ("core", "Delivering results", None),
        ("core", "Managing and sharing knowledge", None),
        ("core", "Accountability", None),
        ("core", "Communication", None),
        ("managerial", "Leadership", None),
        ("managerial", "Empowering others & building trust", None),
        ("managerial", "Strategic thinking and vision", None),
    ]


def test_the_framework_is_seed_000_only(seeded):
    assert list(Competency.objects.values_list("name", "kind")) == [
        ("Inclusion & respect for diversity", "value"),
        ("Integrity & transparency", "value"),
        ("Professionalism", "value"),
        ("Teamwork", "core"),
        ("Delivering results", "core"),
        ("Managing and sharing knowledge", "core"),
        ("Accountability", "core"),
        ("Communication", "core"),
        ("Leadership", "managerial"),
        ("Empowering others & building trust", "managerial"),
        ("Strategic thinking & vision", "managerial"),
    ]
    managerial = Competency.objects.get(code="leadership")
    assert sorted(managerial.indicators) == ["2", "3"]


def _stated(kind, level, **extra):
    return PostCompetency(
        post=factories.PostFactory(), kind=kind, name="A competency", level=level, **extra
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "level", "message"),
    [
        ("managerial", 1, "A managerial competency takes level 2 or 3, not 1."),
        ("managerial", 4, "A managerial competency takes level 2 or 3, not 4."),
        ("core", 0, "A core competency takes level 1, 2 or 3, not 0."),
        ("core", 4, "A core competency takes level 1, 2 or 3, not 4."),
        ("value", 1, "A value is not levelled: leave its level empty."),
    ],
)
def test_a_level_outside_the_framework_is_refused(kind, level, message):
    with pytest.raises(ValidationError) as refused:
        _stated(kind, level).full_clean()
    assert refused.value.message_dict == {"level": [message]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "level"),
    [("value", None), ("core", 1), ("core", 3), ("managerial", 2), ("managerial", 3),
     ("core", None), ("managerial", None)],
)  # fmt: skip
def test_a_level_the_framework_allows_or_no_level_is_accepted(kind, level):
    stated = _stated(kind, level)
    stated.full_clean()
    stated.save()
    assert PostCompetency.objects.get(pk=stated.pk).level == level


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "level"), [("managerial", 1), ("value", 2), ("core", 5)])
def test_the_database_refuses_a_level_outside_the_framework(kind, level):
    stated = _stated(kind, level)
    with pytest.raises(IntegrityError), transaction.atomic():
        stated.save()


@pytest.mark.django_db
def test_a_framework_entry_of_another_kind_is_refused():
    leadership = Competency.objects.create(code="leadership", name="Leadership", kind="managerial")
    with pytest.raises(ValidationError) as refused:
        _stated("core", 3, competency=leadership).full_clean()
    assert refused.value.message_dict == {
        "competency": [
            "Leadership is a managerial competency in the framework, not a core competency."
        ]
    }
