"""manage.py import_member_states: the organization's membership, all or nothing."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from nominations.models import MemberState
from nominations.reference_data import load_member_states
from workflows.audit import first_broken_event
from workflows.models import AuditEvent

HEADER = "alpha3,is_member,is_represented,mission_emails,language\n"

GOOD = HEADER + (
    "FRA,yes,yes,dp.geneve@diplomatie.example;mission.fr@diplomatie.example,fr\n"
    "TUV,1,0,tuvalu.mission@gov.example,en\n"
    "kor,TRUE,no,  mission.kor@mofa.example   geneva.kor@mofa.example  ,en\n"
    "PRK,false,false,,en\n"
)


def _write(tmp_path, text, name="membership.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_member_states", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _membership():
    return {
        state.code: (state.is_member, state.is_represented, state.contact_emails, state.language)
        for state in MemberState.objects.all()
    }


@pytest.fixture
def states(db):
    load_member_states()
    return _membership()


def test_a_good_file_updates_the_listed_states_and_audits_the_import(states, tmp_path):
    path = _write(tmp_path, GOOD)

    out, err = _run(path)

    assert "4 changed" in out
    assert err == ""
    after = _membership()
    assert after["FRA"] == (
        True,
        True,
        ["dp.geneve@diplomatie.example", "mission.fr@diplomatie.example"],
        "fr",
    )
    assert after["TUV"] == (True, False, ["tuvalu.mission@gov.example"], "en")
    assert after["KOR"] == (
        True,
        False,
        ["mission.kor@mofa.example", "geneva.kor@mofa.example"],
        "en",
    )
    assert after["PRK"] == (False, False, [], "en")
    # States not in the file are left as they were.
    untouched = set(states) - {"FRA", "TUV", "KOR", "PRK"}
    assert {code: after[code] for code in untouched} == {code: states[code] for code in untouched}

    event = AuditEvent.objects.get(action="member_states.import")
    assert event.details["file"] == "membership.csv"
    assert event.details["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (event.details["rows"], event.details["changed"], event.details["unchanged"]) == (
        4,
        4,
        0,
    )
    assert event.details["changes"]["TUV"] == {
        "is_represented": [True, False],
        "contact_emails": [[], ["tuvalu.mission@gov.example"]],
    }
    assert first_broken_event() is None


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_line(states, tmp_path):
    path = _write(
        tmp_path,
        HEADER
        + "FRA,yes,no,dp.geneve@diplomatie.example,fr\n"  # line 2: good, must not be applied
        + "XYZ,yes,yes,a@b.example,en\n"  # line 3: unknown code
        + "KEN,maybe,yes,a@b.example,en\n"  # line 4: bad boolean
        + "MEX,yes,yes,mision@sre.example;not-an-address,es\n"  # line 5: bad e-mail
        + "PHL,yes,yes,a@b.example,de\n"  # line 6: unknown language
        + "fra,no,no,,fr\n"  # line 7: duplicate of line 2
        + "CHL,yes,yes\n",  # line 8: too few fields
    )

    with pytest.raises(CommandError) as failure:
        _run(path)

    message = str(failure.value)
    assert failure.value.returncode != 0
    assert "nothing was imported" in message
    for expected in [
        "line 3, column alpha3",
        "XYZ",
        "line 4, column is_member",
        "maybe",
        "line 5, column mission_emails",
        "not-an-address",
        "line 6, column language",
        "line 7, column alpha3",
        "line 2",
        "line 8",
    ]:
        assert expected in message, expected
    assert "line 2," not in message  # the good row is not reported as an error
    assert _membership() == states
    assert not AuditEvent.objects.filter(action="member_states.import").exists()


def test_a_file_missing_a_column_names_it(states, tmp_path):
    path = _write(tmp_path, "alpha3,is_member,mission_emails,language\nFRA,yes,a@b.example,fr\n")

    with pytest.raises(CommandError) as failure:
        _run(path)

    assert "line 1" in str(failure.value)
    assert "is_represented" in str(failure.value)
    assert _membership() == states


def test_importing_the_same_file_twice_changes_nothing_the_second_time(states, tmp_path):
    path = _write(tmp_path, GOOD)
    _run(path)
    after_first = _membership()

    out, _ = _run(path)

    assert "0 changed" in out
    assert _membership() == after_first
    second = AuditEvent.objects.filter(action="member_states.import").order_by("-id").first()
    assert (second.details["changed"], second.details["unchanged"]) == (0, 4)


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"no-such\.csv"):
        _run(tmp_path / "no-such.csv")
