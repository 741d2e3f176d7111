"""Every page in English, French and Spanish: each answers in the language the browser asks
for (`<html lang>`), and no English message of the catalogues leaks into a French or a
Spanish page; dates are written as each language writes them."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import deactivation, invitations
from nominations.models import Call, Document, MemberState, Nomination
from notifications.models import OutgoingMessage
from notifications.notes import references
from portal import withdrawals
from reports.models import DeadlineReport
from review import conflicts
from shortlisting.models import Export
from shortlisting.release import release
from tests import factories
from tests.portal.conftest import portal_world  # noqa: F401 - a fixture
from tests.shortlisting import helpers as shortlisting
from tests.shortlisting.conftest import field, panel  # noqa: F401 - fixtures
from web import catalogues
from workflows import shortlists, transitions

LANGUAGES = ["en", "fr", "es"]
NAMESPACES = {
    "web",
    "workbench",
    "audit",
    "portal",
    "review",
    "accounts",
    "shortlisting",
    "outcomes",
}
# URL names that are no page: files, exports and POST-only actions.
NOT_PAGES = {
    "accounts:language",  # POST-only: the switcher's form
    "review:cv",  # the CV's file
    "review:conflict",  # POST-only: the declaration, answered by the assessment page
    "shortlisting:approve",  # POST-only: buttons of the side by side
    "shortlisting:send_back",
    "shortlisting:export_create",  # POST-only: queues an export
    "shortlisting:export_download",  # the export's file
    "workbench:withdrawal_complete",  # POST-only: a button of the request list
    "web:sign-out",
    "web:home",  # a redirect to the role's home
    "workbench:nomination_export",
    "workbench:note_export",
    "workbench:document_download",
    "portal:document_download",
    "audit:verify",
    "workbench:nomination_upload",
}
# Fragments that htmx swaps into a page: no <html lang>, their language in the
# Content-Language header.
FRAGMENTS = {"shortlisting:export_status"}
# Links that answer a redirect to the page they lead to (the reset link to its form).
FOLLOWED = {"accounts:password_reset_confirm"}


def url_names(resolver=None, namespace=""):
    """Every named URL of the site's own pages, as "namespace:name"."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace:
            yield f"{namespace}{pattern.name}"


def _shortlist(post, proposer, nominations):
    return shortlists.propose_shortlist(
        post,
        actor=proposer,
        nominations=nominations,
        rationales={n.pk: "Strongest leadership scores" for n in nominations},
    )


@pytest.fixture
def workflow_pages(
    portal_world,  # noqa: F811
    field,  # noqa: F811
    panel,  # noqa: F811
    secretariat,
    executive,
    mission,
    member_states,
    pdf_bytes,
):
    """The pages of the steps after a nomination, each in a state that shows what it
    says: ``field`` (tests/shortlisting/conftest.py: a post in shortlisting with four
    eligible candidates, screened and rated) with a shortlist proposed; a post whose
    shortlist was sent back; an approved shortlist released to one state of two; exports
    queued and failed; a pending withdrawal request; an invited, a voided-link and a
    deactivated focal point; a password-reset link."""
    w = portal_world
    fra, ken = member_states["FRA"], member_states["KEN"]
    proposer, approver = panel[0], panel[1]
    proposed = field["post"]
    _shortlist(proposed, proposer, [field["claire"], field["amina"]])

    sent_back = shortlisting.post_in_shortlisting(title="Director of Human Resources")
    returned = shortlisting.eligible(sent_back, "Marie Lefèvre", fra)
    shortlisting.rate(proposer, returned, [4, 4, 4])
    _shortlist(sent_back, proposer, [returned])
    shortlists.send_back(sent_back, actor=approver, reason="Rate every candidate first.")

    approved = shortlisting.post_in_shortlisting(title="Director of Legal Affairs")
    chosen = shortlisting.eligible(approved, "Paul Girard", fra)
    left_out = shortlisting.eligible(approved, "Grace Otieno", ken)
    for nomination, scores in ((chosen, [5, 4, 4]), (left_out, [3, 3, 2])):
        shortlisting.rate(proposer, nomination, scores)
    _shortlist(approved, proposer, [chosen])
    transitions.take(approved, "approve_shortlist", actor=approver)
    # France's mission reads French: the outcome's note and its e-mail (the outbox shows
    # their subject) are written in it, as they are sent.
    member_states["FRA"].language = "fr"
    member_states["FRA"].save(update_fields=["language"])
    # portal_world's notes took EO/001 to EO/003 of the year by hand: the counter moves on.
    references.allocate(3, on=references.note_date())
    release(approved, actor=secretariat, member_states=[fra])

    queued = Export.objects.create(post=proposed, kind="dossier", requested_by=executive)
    failed = Export.objects.create(
        post=proposed,
        kind="side_by_side",
        requested_by=executive,
        status=Export.Status.FAILED,
        progress=30,
        error="disk full",
    )
    # The executive has declared no conflict on Claire (the page asks first), none on Juan
    # (the rating form); the proposer has rated Claire (the peers' ratings show).
    conflicts.declare(field["juan"], member=executive, kind="none")
    conflicts.declare(field["claire"], member=proposer, kind="none")

    asked = withdrawals.request_withdrawal(
        actor=mission,
        nomination=w["screened"],
        note=withdrawals.WithdrawalNote(
            reference="NV/2026/90",
            dated_on=timezone.localdate(),
            scan=SimpleUploadedFile("note.pdf", pdf_bytes, content_type="application/pdf"),
            message="The candidate has accepted another position.",
        ),
    )

    base = "http://testserver/"
    first = invitations.invite(
        email="invitee@mission-fra.test", member_state=fra, actor=secretariat, base_url=base
    )
    second = invitations.reinvite(first.invitation.user, actor=secretariat, base_url=base)
    invited = second.invitation.user
    gone = factories.account("mission", member_state=ken, email="former@mission-ken.test")
    deactivation.deactivate(gone, actor=secretariat)
    uid = urlsafe_base64_encode(force_bytes(mission.pk))
    reset = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(mission)},
    )

    def link(sent):
        return "/" + sent.link.split("/", 3)[3]

    own, claire, juan = w["own"], field["claire"], field["juan"]
    pages = {
        "portal:nominate": (
            "mission",
            # An open post's form; a post in shortlisting says it takes none.
            [reverse("portal:nominate", args=[p.pk]) for p in (w["open_post"], w["listed_post"])],
        ),
        "portal:cv_upload": (
            "mission",
            # A received nomination takes a CV; an eligible one no longer does.
            [reverse("portal:cv_upload", args=[n.pk]) for n in (own, claire)],
        ),
        "portal:withdrawal_request": (
            "mission",
            [reverse("portal:withdrawal_request", args=[n.pk]) for n in (own, w["screened"])],
        ),
        "review:post": (
            "executive",
            [reverse("review:post", args=[p.pk]) for p in (w["listed_post"], proposed)],
        ),
        "review:screening": (
            "executive",
            [reverse("review:screening", args=[n.pk]) for n in (w["screened"], claire)],
        ),
        "review:assessment": (
            "executive",
            [reverse("review:assessment", args=[n.pk]) for n in (claire, juan)],
        ),
        "review:assessment (rated)": (
            "proposer",
            [reverse("review:assessment", args=[claire.pk])],
        ),
        "shortlisting:side_by_side": (
            "executive",
            [
                reverse("shortlisting:side_by_side", args=[p.pk])
                for p in (proposed, sent_back, approved, w["listed_post"])
            ],
        ),
        "shortlisting:side_by_side (own proposal)": (
            "proposer",
            [reverse("shortlisting:side_by_side", args=[proposed.pk])],
        ),
        "shortlisting:propose": (
            "executive",
            [reverse("shortlisting:propose", args=[p.pk]) for p in (sent_back, w["listed_post"])],
        ),
        "shortlisting:export_status": (
            "executive",
            [reverse("shortlisting:export_status", args=[e.pk]) for e in (queued, failed)],
        ),
        "outcomes:list": ("secretariat", [reverse("outcomes:list")]),
        "outcomes:post": ("secretariat", [reverse("outcomes:post", args=[approved.pk])]),
        "workbench:withdrawal_list": ("secretariat", [reverse("workbench:withdrawal_list")]),
        "workbench:withdrawal_decline": (
            "secretariat",
            [reverse("workbench:withdrawal_decline", args=[asked.pk])],
        ),
        "workbench:focal_points": (
            "secretariat",
            [
                reverse("workbench:focal_points"),
                reverse("workbench:focal_points") + "?status=invited",
            ],
        ),
        "workbench:focal_point_invite": ("secretariat", [reverse("workbench:focal_point_invite")]),
        "workbench:focal_point_action": (
            "secretariat",
            [
                reverse("workbench:focal_point_action", args=[user.pk, action])
                for user, action in (
                    (mission, "deactivate"),
                    (gone, "reactivate"),
                    (invited, "invite-again"),
                )
            ],
        ),
        "accounts:invitation": (None, [link(second)]),
        "accounts:invitation (voided)": (None, [link(first)]),
        "accounts:password_reset": (None, [reverse("accounts:password_reset")]),
        "accounts:password_reset_done": (None, [reverse("accounts:password_reset_done")]),
        "accounts:password_reset_confirm": (
            None,
            # The link leads to its form; a link whose token is wrong says so.
            [reset, reverse("accounts:password_reset_confirm", args=[uid, "wrong-token"])],
        ),
        "accounts:password_reset_complete": (None, [reverse("accounts:password_reset_complete")]),
    }
    return pages, {"proposer": proposer}


@pytest.fixture
def site(
    portal_world,  # noqa: F811
    workflow_pages,
    secretariat,
    auditor,
    executive,
    mission,
    member_states,
):
    """The pages to open, each with the account that opens it: ``portal_world`` (an open
    post, nominations of two states, notes verbales), a draft call, a late nomination and
    messages in the outbox, one of them stuck."""
    w = portal_world
    # The factories' call title is a message of the catalogue ("Call for nominations"): the
    # Secretariat's own words for its calls are data, left as they are written.
    Call.objects.update(title="Deputy Directors General")
    draft = factories.CallFactory(reference="EO/100/2030", title="Director of Finance")
    factories.PostFactory(call=draft, title="Director of Finance", status="draft")
    late = factories.NominationFactory(
        post=w["open_post"],
        member_state=member_states["MEX"],
        candidate__full_name="Lucía Pérez",
        status=Nomination.Status.LATE,
        is_late=True,
    )
    failed = OutgoingMessage.objects.create(
        idempotency_key="i18n-failed",
        kind="acknowledgement",
        to=["mission-fra@missions.test"],
        subject="EO/001/2026",
        body="-",
        member_state=member_states["FRA"],
        status=OutgoingMessage.Status.FAILED,
        last_error="550 mailbox unavailable",
    )
    OutgoingMessage.objects.create(
        idempotency_key="i18n-stuck",
        kind="acknowledgement",
        to=["mission-ken@missions.test"],
        subject="EO/002/2026",
        body="-",
        member_state=member_states["KEN"],
        status=OutgoingMessage.Status.SENDING,
        claimed_at=timezone.now() - datetime.timedelta(hours=2),
    )
    call, post, own = w["call"], w["open_post"], w["own"]
    # The dashboard's deadline reports: one built with its two files, one still waiting.
    built = DeadlineReport.objects.create(
        call=call, deadline=timezone.now() - datetime.timedelta(days=1), built_at=timezone.now()
    )
    built.documents.set(
        Document.objects.create(
            kind=Document.Kind.REPORT,
            file=SimpleUploadedFile(name, b"-"),
            original_name=name,
            content_type="application/octet-stream",
            size=1,
            sha256="0" * 64,
        )
        for name in ("deadline-report.pdf", "deadline-report.xlsx")
    )
    DeadlineReport.objects.create(call=call, deadline=timezone.now() + datetime.timedelta(days=1))
    pages = {
        "web:sign-in": (None, [reverse("web:sign-in")]),
        # The error pages, on the layout too (not URL names: see EXPECTED).
        "error:403": ("mission", [reverse("workbench:home")]),
        "error:404": ("mission", [reverse("portal:nomination_detail", args=[999_999])]),
        "review:home": ("executive", [reverse("review:home")]),
        "audit:log": ("auditor", [reverse("audit:log")]),
        "portal:home": ("mission", [reverse("portal:home")]),
        "portal:call_list": ("mission", [reverse("portal:call_list")]),
        "portal:call_detail": ("mission", [reverse("portal:call_detail", args=[call.pk])]),
        "portal:post_detail": ("mission", [reverse("portal:post_detail", args=[post.pk])]),
        "portal:nomination_list": ("mission", [reverse("portal:nomination_list")]),
        "portal:nomination_detail": (
            "mission",
            [reverse("portal:nomination_detail", args=[own.pk])],
        ),
        "portal:note_list": ("mission", [reverse("portal:note_list")]),
        "portal:note_detail": ("mission", [reverse("portal:note_detail", args=[w["own_note"].pk])]),
        "portal:focal_points": ("mission", [reverse("portal:focal_points")]),
        "workbench:home": ("secretariat", [reverse("workbench:home")]),
        "workbench:call_create": ("secretariat", [reverse("workbench:call_create")]),
        "workbench:call_edit": ("secretariat", [reverse("workbench:call_edit", args=[draft.pk])]),
        "workbench:call_issue": ("secretariat", [reverse("workbench:call_issue", args=[draft.pk])]),
        "workbench:call_dashboard": (
            "secretariat",
            [reverse("workbench:call_dashboard", args=[call.pk])],
        ),
        "workbench:call_chase": ("secretariat", [reverse("workbench:call_chase", args=[call.pk])]),
        "workbench:post_create": (
            "secretariat",
            [reverse("workbench:post_create", args=[draft.pk])],
        ),
        "workbench:post_detail": (
            "secretariat",
            [reverse("workbench:post_detail", args=[post.pk])],
        ),
        "workbench:post_edit": ("secretariat", [reverse("workbench:post_edit", args=[post.pk])]),
        "workbench:post_transition": (
            "secretariat",
            [
                reverse("workbench:post_transition", args=[post.pk, offer.name])
                for offer in transitions.offered(post, secretariat)
            ],
        ),
        "workbench:nomination_transition": (
            "secretariat",
            [
                reverse("workbench:nomination_transition", args=[nomination.pk, offer.name])
                for nomination in (own, late)
                for offer in transitions.offered(nomination, secretariat)
            ],
        ),
        "workbench:note_log": ("secretariat", [reverse("workbench:note_log")]),
        "workbench:nomination_detail": (
            "secretariat",
            [reverse("workbench:nomination_detail", args=[n.pk]) for n in (own, late)],
        ),
        "workbench:nomination_list": ("secretariat", [reverse("workbench:nomination_list")]),
        "workbench:note_list": ("secretariat", [reverse("workbench:note_list")]),
        "workbench:outbox": ("secretariat", [reverse("workbench:outbox")]),
        "workbench:outbox_send_again": (
            "secretariat",
            [reverse("workbench:outbox_send_again", args=[failed.pk])],
        ),
        "workbench:outbox_mark_sent": (
            "secretariat",
            [reverse("workbench:outbox_mark_sent", args=[failed.pk])],
        ),
    }
    accounts = {
        "secretariat": secretariat,
        "auditor": auditor,
        "executive": executive,
        "mission": mission,
    }
    more_pages, more_accounts = workflow_pages
    return {**pages, **more_pages}, {**accounts, **more_accounts}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes outside scripts and styles, and the
    attributes that are read out (labels, titles, placeholders, data-* texts a script
    shows)."""

    SPOKEN = {"title", "aria-label", "alt", "placeholder", "data-left", "data-closed", "data-less"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skipping += 1
        if tag == "input" and dict(attrs).get("type") in {"submit", "button"}:
            self.nodes.append(dict(attrs).get("value") or "")
        self.nodes.extend(value for name, value in attrs if name in self.SPOKEN and value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.nodes.append(data)


# An element that declares its own language (the switcher's "English", "Español") is meant
# to read in that language, whatever the page's.
OTHER_LANGUAGE = re.compile(r'<(?!html\b)(\w+)\b[^>]*\slang="[a-z-]+"[^>]*>.*?</\1>', re.S)


def visible_text(html):
    parser = VisibleText()
    parser.feed(OTHER_LANGUAGE.sub("", html))
    nodes = [" ".join(node.split()) for node in parser.nodes]
    return [node for node in nodes if node]


def _normal(text):
    return " ".join(text.split())


def english_messages(language):
    """What of the catalogue, left in English, would show on a page of ``language``:
    whole messages (a text node that is exactly one), long messages (anywhere in the text)
    and the long fixed parts of messages with placeholders."""
    whole, anywhere = set(), set()
    for entry in catalogues.messages(catalogues.load(language)):
        pairs = [(entry.msgid, entry.translations()[0])]
        if entry.msgid_plural is not None:
            pairs += [(entry.msgid_plural, form) for form in entry.translations()[1:]]
        for english, translated in pairs:
            english = _normal(english.replace("%%", "%"))
            if english == _normal(translated.replace("%%", "%")) or "<" in english:
                continue
            parts = [_normal(part) for part in catalogues.PLACEHOLDER.split(english)]
            if len(parts) == 1:
                whole.add(english)
                if len(english) >= 24:
                    anywhere.add(english)
            else:
                anywhere.update(part for part in parts if len(part) >= 24)
    return whole, anywhere


@pytest.fixture(scope="module")
def leaks():
    found = {language: english_messages(language) for language in ("fr", "es")}

    def check(language, html):
        whole, anywhere = found[language]
        nodes = visible_text(html)
        text = " ".join(nodes)
        return sorted(
            {node for node in nodes if node in whole} | {m for m in anywhere if m in text}
        )

    return check


def test_every_page_of_the_site_is_listed_here(site):
    pages, _accounts = site
    unlisted = sorted(
        name
        for name in set(url_names())
        if name.split(":")[0] in NAMESPACES and name not in pages and name not in NOT_PAGES
    )
    assert unlisted == [], "add these pages to tests/i18n/test_pages.py (site or NOT_PAGES)"


# The POST-only actions of NOT_PAGES, each with the account that may take it: a GET is
# refused (405), there is no page to translate.
POST_ONLY = {
    "accounts:language": (None, []),
    "review:conflict": ("executive", [1]),
    "shortlisting:approve": ("executive", [1]),
    "shortlisting:send_back": ("executive", [1]),
    "shortlisting:export_create": ("executive", [1]),
    "workbench:withdrawal_complete": ("secretariat", [1]),
}


@pytest.mark.django_db
def test_the_post_only_actions_refuse_a_get(client, secretariat, executive):
    accounts = {"secretariat": secretariat, "executive": executive}
    assert set(POST_ONLY) <= NOT_PAGES
    for name, (role, args) in POST_ONLY.items():
        if role:
            client.force_login(accounts[role])
        else:
            client.logout()
        assert client.get(reverse(name, args=args)).status_code == 405, name


EXPECTED = {"error:403": 403, "error:404": 404, "accounts:invitation (voided)": 410}
LANG = re.compile(r'<html lang="([a-z-]+)"')


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_in_the_language_the_browser_asks_for(client, site, leaks, language):
    pages, accounts = site
    # A member state is named in the page's language (the reference data's names): its
    # English name on a French or a Spanish page is a leak too.
    english_names = sorted(
        state.name_en
        for state in MemberState.objects.all()
        if state.name_in(language) != state.name_en
    )
    opened = 0
    problems = {}
    for name, (role, urls) in sorted(pages.items()):
        if role:
            client.force_login(accounts[role])
        else:
            client.logout()
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, follow=name in FOLLOWED)
            expected = EXPECTED.get(name, 200)
            assert response.status_code == expected, (name, url, response.status_code)
            html = response.content.decode()
            if name in FRAGMENTS:
                assert response["Content-Language"] == language, url
            else:
                assert LANG.search(html).group(1) == language, url
            opened += 1
            if language != "en":
                text = " ".join(visible_text(html))
                leaked = leaks(language, html) + [n for n in english_names if n in text]
                if leaked:
                    problems[url] = leaked
    assert opened >= len(pages)
    assert problems == {}, f"English left on the {language} pages: {problems}"


def test_the_leak_check_finds_english_on_a_french_page(leaks):
    page = (
        "<html><body><h1>Calls for nominations</h1><p>Rappel</p>"
        '<span data-less="less than a minute">x</span>'
        "<p>The PDF of this note is being prepared. Come back in a few minutes.</p></body></html>"
    )
    assert leaks("fr", page) == [
        "Calls for nominations",
        "The PDF of this note is being prepared. Come back in a few minutes.",
        "less than a minute",
    ]
    assert leaks("fr", "<p>Appels à candidatures</p><script>'Calls for nominations'</script>") == []
    assert leaks("fr", '<p>Appels</p><button lang="en">English</button>') == []
    assert leaks("fr", '<html lang="fr"><p>Calls for nominations</p></html>') == [
        "Calls for nominations"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, day, closes",
    [
        ("en", "15 November 2030", "Closes Saturday 16 November 2030, 00:00 in Geneva."),
        ("fr", "15 novembre 2030", "Clôture le samedi 16 novembre 2030 à 00:00, heure de Genève."),
        (
            "es",
            "15 de noviembre de 2030",
            "Cierre: sábado 16 de noviembre de 2030, 00:00, hora de Ginebra.",
        ),
    ],
)
def test_the_portal_writes_a_posts_deadline_as_its_language_does(
    client, mission, language, day, closes
):
    call = factories.CallFactory(
        reference="EO/821/2030",
        addressees=Call.Addressees.MEMBERS,
        deadline_date=datetime.date(2030, 11, 15),
    )
    post = factories.PostFactory(call=call, title="Deputy Director General", status="open")
    client.force_login(mission)

    def text(url):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return " ".join(visible_text(html))

    on_post = text(reverse("portal:post_detail", args=[post.pk]))
    on_call = text(reverse("portal:call_detail", args=[call.pk]))

    assert day in on_post and day in on_call
    # Midnight at the end of the 15th, Geneva time: the instant the post closes.
    assert closes in on_post
