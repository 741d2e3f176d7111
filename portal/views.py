"""The mission portal's read pages: its state's calls, nominations, notes verbales and
focal points. Every query goes through portal/scope.py: another state's object is a 404."""

from collections import Counter

from django.db.models import CharField, Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView, View

from api.history import mission_view_of
from nominations.models import Document, Nomination, NoteVerbale, Post, PostCompetency
from reminders.kinds import missing
from web import page_cache
from web.permissions import RoleRequiredMixin
from workflows.deadlines import seat_zone
from workflows.documents import download_response
from workflows.models import AuditEvent
from workflows.permissions import is_mission

from . import scope, status, withdrawals
from .models import WithdrawalRequest

PAGE_SIZE = 25

# A CV can follow while the Secretariat still checks the nomination's completeness.
TAKES_A_CV = {
    Nomination.Status.RECEIVED,
    Nomination.Status.INCOMPLETE,
    Nomination.Status.COMPLETE,
    Nomination.Status.LATE,
}

NOTE_KINDS = {
    NoteVerbale.Kind.CALL: _("Call for nominations"),
    NoteVerbale.Kind.ACKNOWLEDGEMENT: _("Acknowledgement of receipt"),
    NoteVerbale.Kind.EXTENSION: _("Deadline extension"),
    NoteVerbale.Kind.REOPENING: _("Reopening of nominations"),
    NoteVerbale.Kind.CLOSING: _("Closing notice"),
    NoteVerbale.Kind.REMINDER_NOT_NOMINATED: _("Reminder: no nomination yet"),
    NoteVerbale.Kind.REMINDER_INCOMPLETE: _("Reminder: incomplete nomination"),
    NoteVerbale.Kind.OUTCOME: _("Outcome of the shortlisting"),
}

DOCUMENT_KINDS = {
    Document.Kind.CV: _("Curriculum vitae"),
    Document.Kind.NOTE_VERBALE: _("Note verbale"),
    Document.Kind.TERMS_OF_REFERENCE: _("Terms of reference"),
}


class MissionPage(RoleRequiredMixin):
    role = is_mission


# The statuses in which the page says what is still missing: before the Secretariat has
# found the nomination complete.
SAYS_WHAT_IS_MISSING = {
    Nomination.Status.RECEIVED,
    Nomination.Status.INCOMPLETE,
    Nomination.Status.LATE,
}


def _with_mission_status(nominations):
    """Each nomination's mission status, and while it is not yet complete what it lacks,
    as the reminder of an incomplete nomination says it (from _nominations' annotations)."""
    for nomination in nominations:
        nomination.mission_status = status.mission_status(
            nomination.status, nomination.post.status, nomination.outcome_released
        )
        nomination.missing = []
        if nomination.status in SAYS_WHAT_IS_MISSING:
            marked = (nomination.marked_at, nomination.marked_reason)
            nomination.missing = missing(nomination, marked if marked[0] else None)
    return nominations


def _marked_incomplete():
    """The latest ``nomination.mark_incomplete`` event of the row's nomination (as
    reminders.kinds.marked_incomplete reads it), in the page's own query: a separate
    query ran only when the page held an incomplete one, so the count followed the data."""
    return AuditEvent.objects.filter(
        action="nomination.mark_incomplete",
        object_type="nominations.nomination",
        object_id=Cast(OuterRef("pk"), CharField()),
    ).order_by("-id")


def _nominations(user):
    return (
        scope.nominations(user)
        .select_related("post__call", "candidate", "note_verbale")
        .annotate(
            outcome_released=status.released(),
            # A CV's id or None, not Exists(): PostgreSQL hashes an EXISTS over every CV
            # in the database (7 ms at 10,000 nominations) where this probes the index
            # for the page's 25 rows only (0.1 ms; bench/results/README.md).
            has_cv=Subquery(
                Document.objects.filter(nomination=OuterRef("pk"), kind="cv").values("pk")[:1]
            ),
            withdrawal_pending=Subquery(
                WithdrawalRequest.objects.filter(
                    nomination=OuterRef("pk"), status=WithdrawalRequest.Status.PENDING
                ).values("pk")[:1]
            ),
            # A subquery, not an aggregate: the page's count then needs neither.
            last_upload=Subquery(
                Document.objects.filter(nomination=OuterRef("pk"))
                .order_by("-uploaded_at")
                .values("uploaded_at")[:1]
            ),
            marked_at=Subquery(_marked_incomplete().values("created_at")[:1]),
            marked_reason=Subquery(_marked_incomplete().values("reason")[:1]),
        )
        .order_by("-created_at", "-id")
    )


class HomeView(MissionPage, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        counts = Counter()
        rows = (
            scope.nominations(user)
            .annotate(released=status.released())
            .values_list("status", "post__status", "released")
            .order_by()
            .annotate(n=Count("pk"))
        )
        for nomination_status, post_status, released, n in rows:
            counts[status.mission_status(nomination_status, post_status, released)] += n
        # Those its state may nominate for: a post it sees only through an old nomination
        # of a call no longer addressed to it is not open to it.
        open_posts = (
            scope.nominable_posts(user)
            .filter(status=Post.Status.OPEN)
            .select_related("call")
            .order_by("deadline", "id")
        )
        recent_calls = scope.calls(user).order_by("-deadline_date", "reference")[:3]
        return super().get_context_data(
            member_state=user.member_state,
            open_posts=open_posts,
            recent_calls=[] if open_posts else recent_calls,
            counts=[(key, status.LABELS[key], counts[key]) for key in status.ORDER if counts[key]],
            total=sum(counts.values()),
            seat_zone=seat_zone(),
            **kwargs,
        )


class CallListView(MissionPage, ListView):
    template_name = "portal/calls/list.html"
    context_object_name = "calls"

    def get_queryset(self):
        posts = scope.posts(self.request.user).order_by("id")
        return (
            scope.calls(self.request.user)
            .prefetch_related(Prefetch("posts", queryset=posts, to_attr="visible_posts"))
            .order_by("-deadline_date", "reference")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(seat_zone=seat_zone(), **kwargs)


class CallDetailView(MissionPage, DetailView):
    template_name = "portal/calls/detail.html"
    context_object_name = "call"

    def get_queryset(self):
        posts = scope.posts(self.request.user).order_by("id")
        return scope.calls(self.request.user).prefetch_related(
            Prefetch("posts", queryset=posts, to_attr="visible_posts")
        )

    def get_context_data(self, **kwargs):
        notes = scope.notes(self.request.user).filter(call=self.object, kind=NoteVerbale.Kind.CALL)
        return super().get_context_data(
            seat_zone=seat_zone(), call_note=notes.order_by("-created_at").first(), **kwargs
        )


class PostDetailView(MissionPage, DetailView):
    template_name = "portal/calls/post.html"
    context_object_name = "post"

    def get_queryset(self):
        competencies = PostCompetency.objects.order_by("position", "id")
        terms = Document.objects.filter(kind=Document.Kind.TERMS_OF_REFERENCE)
        return (
            scope.posts(self.request.user)
            .select_related("call")
            .prefetch_related(
                Prefetch("required_competencies", queryset=competencies),
                Prefetch("documents", queryset=terms, to_attr="terms_documents"),
            )
        )

    def get_context_data(self, **kwargs):
        post = self.object
        return super().get_context_data(
            seat_zone=seat_zone(),
            is_open=post.status == Post.Status.OPEN and post.deadline > timezone.now(),
            may_nominate=scope.nominable_posts(self.request.user).filter(pk=post.pk).exists(),
            own_nominations=_with_mission_status(
                list(_nominations(self.request.user).filter(post=post))
            ),
            **kwargs,
        )


class NominationListView(MissionPage, ListView):
    template_name = "portal/nominations/list.html"
    context_object_name = "nominations"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        """The whole page from the page cache (web/page_cache.py) while no change has been
        committed since it was rendered: a busy state's mission reads it far more often
        than anything about its nominations changes."""
        return page_cache.page(
            request,
            "portal.nominations",
            (),
            lambda: super(NominationListView, self).get(request, *args, **kwargs),
        )

    def get_queryset(self):
        return _nominations(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        _with_mission_status(context["nominations"])
        return context


class NominationDetailView(MissionPage, DetailView):
    template_name = "portal/nominations/detail.html"
    context_object_name = "nomination"

    def get_queryset(self):
        sent = Document.objects.filter(kind__in=scope.SENT_KINDS).order_by("kind", "-version")
        return _nominations(self.request.user).prefetch_related(
            Prefetch("documents", queryset=sent, to_attr="sent_documents")
        )

    def get_context_data(self, **kwargs):
        nomination = self.object
        _with_mission_status([nomination])
        return super().get_context_data(
            history=self.history(nomination),
            meaning=status.MEANINGS.get(nomination.mission_status, ""),
            documents=[(DOCUMENT_KINDS[d.kind], d) for d in nomination.sent_documents],
            acknowledgements=self.acknowledgements(nomination),
            withdrawal=nomination.withdrawal_requests.order_by("-requested_at", "-id").first(),
            takes_a_cv=nomination.status in TAKES_A_CV,
            has_cv=nomination.has_cv,
            may_ask_withdrawal=withdrawals.may_ask(nomination)
            and not nomination.withdrawal_pending,
            **kwargs,
        )

    def acknowledgements(self, nomination):
        """The Secretariat's acknowledgement of the note that carried the nomination, once
        it is written (its PDF once the send task has rendered it)."""
        notes = (
            scope.notes(self.request.user)
            .filter(
                direction=NoteVerbale.Direction.OUTGOING,
                kind=NoteVerbale.Kind.ACKNOWLEDGEMENT,
                in_reply_to_id=nomination.note_verbale_id,
            )
            .prefetch_related(Prefetch("documents", queryset=_note_pdfs(), to_attr="pdfs"))
            .order_by("created_at", "id")
        )
        return [_describe(note) for note in notes]

    @staticmethod
    def history(nomination):
        """The state changes as the mission reads them (api/history.py), with no reason
        and no actor; a change the mission cannot tell apart (screening) is left out."""
        events = AuditEvent.objects.filter(
            object_type="nominations.nomination", object_id=str(nomination.pk)
        ).order_by("id")
        shown, previous = [], None
        for event in mission_view_of(events):
            value = status.history_status(
                event.to_state, nomination.post.status, nomination.outcome_released
            )
            if value != previous:
                shown.append({"at": event.created_at, "status": value})
            previous = value
        return shown


class NoteListView(MissionPage, ListView):
    template_name = "portal/notes/list.html"
    context_object_name = "notes"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return (
            scope.notes(self.request.user)
            .select_related("call")
            .prefetch_related(Prefetch("documents", queryset=_note_pdfs(), to_attr="pdfs"))
            .order_by("-created_at", "-id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for note in context["notes"]:
            _describe(note)
        return context


def _note_pdfs():
    return Document.objects.filter(nomination__isnull=True, kind=Document.Kind.NOTE_VERBALE)


def _describe(note):
    note.is_outgoing = note.direction == NoteVerbale.Direction.OUTGOING
    if note.is_outgoing:
        note.label = NOTE_KINDS.get(note.kind, _("Note verbale from the Secretariat"))
    else:
        note.label = _("Your mission's note verbale")
    note.pdf = note.pdfs[0] if note.pdfs else None
    return note


class NoteDetailView(MissionPage, DetailView):
    template_name = "portal/notes/detail.html"
    context_object_name = "note"

    def get_queryset(self):
        user = self.request.user
        terms = Document.objects.filter(kind=Document.Kind.TERMS_OF_REFERENCE)
        posts = scope.posts(user).prefetch_related(
            Prefetch("documents", queryset=terms, to_attr="terms_documents")
        )
        return (
            scope.notes(user)
            .select_related("call", "in_reply_to")
            .prefetch_related(
                Prefetch("documents", queryset=_note_pdfs(), to_attr="pdfs"),
                Prefetch("posts", queryset=posts, to_attr="visible_posts"),
                Prefetch(
                    "nominations",
                    queryset=scope.nominations(user)
                    .select_related("post", "candidate")
                    .annotate(outcome_released=status.released()),
                    to_attr="carried",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        note = _describe(self.object)
        scans = (
            scope.documents(self.request.user)
            .filter(note_verbale=note, nomination__isnull=False)
            .order_by("id")
        )
        for nomination in note.carried:
            post_status = nomination.post.status
            nomination.mission_status = status.mission_status(
                nomination.status, post_status, nomination.outcome_released
            )
        return super().get_context_data(scans=scans, **kwargs)


class DocumentDownloadView(MissionPage, View):
    """A document the mission may have, through the audit log as every download is."""

    def get(self, request, pk):
        document = get_object_or_404(
            scope.documents(request.user).select_related("nomination", "note_verbale", "post"),
            pk=pk,
        )
        return download_response(document, actor=request.user)


class FocalPointsView(MissionPage, ListView):
    template_name = "portal/focal_points.html"
    context_object_name = "focal_points"

    def get_queryset(self):
        return scope.focal_points(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(member_state=self.request.user.member_state, **kwargs)
