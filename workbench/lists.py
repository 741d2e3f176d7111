"""The lists of nominations and of notes verbales, and their CSV and XLSX exports.

One definition per list (its query, its columns, its sorts) serves the page and both
exports, so a file holds exactly what the table shows: the same filters, the same order,
every page, the same columns and values.

The rows come from one query (select_related, and annotations: a CV is an Exists, a
note's nominations a correlated count) plus the paginator's count; sorting is by a
whitelisted key, each ending on the id so pages never overlap. The default order of the
nominations, newest logged first, is (-created_at, -id): an index on
nominations_nomination (created_at DESC, id DESC) serves it with the page's LIMIT.
"""

import dataclasses
from collections.abc import Callable

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, View
from django_htmx.http import reselect, reswap, retarget

from nominations.models import Document, Nomination, NoteVerbale
from nominations.models.member_states import name_order
from web import page_cache
from web.html import escaped
from web.permissions import RoleRequiredMixin
from web.templatetags import govuk
from web.templatetags.govuk import TAG_COLOURS
from workflows import data_version
from workflows.permissions import is_secretariat

from . import exports
from .list_filters import NominationListFilter, NoteListFilter

RESULTS_ID = "results"


@dataclasses.dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[object], str]
    kind: str = "text"  # "row" (the row's name), "state", "time", "number", "nowrap", "code"
    moment: Callable[[object], object] | None = None  # the instant behind a "time" cell


def _moment(value, with_time=True):
    if value is None:
        return "—"
    if with_time:
        return dateformat.format(timezone.localtime(value), "j M Y H:i")
    return dateformat.format(value, "j M Y")


def state_label(state):
    """As `{% status_tag %}` names a state, in the page's language."""
    return govuk.state_label(state)


def _yes_no(flag):
    return str(_("Yes")) if flag else str(_("No"))


NOMINATION_COLUMNS = (
    Column(_("Candidate"), lambda n: n.candidate.full_name, "row"),
    Column(_("Member state"), lambda n: n.member_state.name),
    Column(_("Call"), lambda n: n.post.call.reference, "nowrap"),
    Column(_("Post"), lambda n: n.post.title),
    Column(_("Note reference"), lambda n: n.note_verbale.reference or "—", "code"),
    Column(
        _("Received"),
        lambda n: _moment(n.note_verbale.received_at),
        "time",
        lambda n: n.note_verbale.received_at,
    ),
    Column(_("State"), lambda n: state_label(n.status), "state"),
    Column(_("Late"), lambda n: _yes_no(n.is_late)),
    Column(_("CV"), lambda n: str(_("Attached")) if n.has_cv else str(_("Missing"))),
    # DESIGN §2: the same person nominated by two states is flagged to the Secretariat.
    Column(_("Also by another state"), lambda n: _yes_no(n.other_states)),
)

NOTE_COLUMNS = (
    Column(_("Reference"), lambda n: n.reference or "—", "row"),
    Column(_("Member state"), lambda n: n.member_state.name),
    Column(_("Direction"), lambda n: str(n.get_direction_display())),
    Column(_("Channel"), lambda n: str(n.get_channel_display())),
    Column(_("Call"), lambda n: n.call.reference if n.call_id else "—", "nowrap"),
    Column(_("Dated"), lambda n: _moment(n.dated_on, with_time=False), "nowrap"),
    Column(_("Received"), lambda n: _moment(n.received_at), "time", lambda n: n.received_at),
    Column(_("Nominations"), lambda n: str(n.nominations_count), "number"),
)


def _last(field):
    """Ordered by `field` ("-" for descending), its empty values last on every database."""
    if field.startswith("-"):
        return F(field[1:]).desc(nulls_last=True)
    return F(field).asc(nulls_last=True)


def by_state_name():
    """The member state's name in the page's language, as its readers sort it: a sort's
    term that is called, as any callable one is, for each request."""
    return name_order("member_state__")


# The workflow's order, for sorting by state.
STATE_ORDER = Case(
    *(When(status=state, then=Value(i)) for i, state in enumerate(Nomination.Status.values)),
    output_field=IntegerField(),
)

NOMINATION_SORTS = {
    "": (_("Most recently logged"), ("-created_at", "-id"), None),
    "received_desc": (_("Received, newest first"), (_last("-note_verbale__received_at"), "-id"), 5),
    "received": (_("Received, oldest first"), (_last("note_verbale__received_at"), "id"), 5),
    "candidate": (_("Candidate, A to Z"), ("candidate__full_name", "id"), 0),
    "member_state": (_("Member state, A to Z"), (by_state_name, "id"), 1),
    "post": (_("Post, A to Z"), ("post__call__reference", "post__title", "id"), 3),
    "status": (_("State, in the workflow's order"), (STATE_ORDER, "id"), 6),
}

NOTE_SORTS = {
    "": (_("Most recently logged"), ("-created_at", "-id"), None),
    "received_desc": (_("Received, newest first"), (_last("-received_at"), "-id"), 6),
    "received": (_("Received, oldest first"), (_last("received_at"), "id"), 6),
    "reference": (_("Reference, A to Z"), ("reference", "id"), 0),
    "member_state": (_("Member state, A to Z"), (by_state_name, "id"), 1),
    "channel": (_("Channel"), ("channel", "id"), 3),
}


# What the columns read, and nothing else: a row's post would carry its terms of reference
# and its call the text of its note verbale.
NOMINATION_FIELDS = (
    "id", "status", "is_late", "created_at", "candidate__full_name", "member_state__name_en",
    "member_state__name_fr", "member_state__name_es",
    "post__title", "post__call__reference", "note_verbale__reference",
    "note_verbale__received_at",
)  # fmt: skip
NOTE_FIELDS = (
    "id", "reference", "direction", "channel", "dated_on", "received_at", "created_at",
    "member_state__name_en", "member_state__name_fr", "member_state__name_es", "call__reference",
)  # fmt: skip


def nominations():
    has_cv = Exists(Document.objects.filter(nomination=OuterRef("pk"), kind=Document.Kind.CV))
    return (
        Nomination.objects.select_related("candidate", "member_state", "post__call", "note_verbale")
        .only(*NOMINATION_FIELDS)
        .annotate(has_cv=has_cv, other_states=by_other_states())
    )


def by_other_states():
    """Whether another member state nominated the same person (Nomination.by_other_states,
    for every row in the row's own query: by the candidates' indexed identity)."""
    return Exists(
        Nomination.objects.filter(candidate__identity=OuterRef("candidate__identity")).exclude(
            member_state=OuterRef("member_state")
        )
    )


def notes():
    carried = (
        Nomination.objects.filter(note_verbale=OuterRef("pk"))
        .order_by()
        .values("note_verbale")
        .annotate(count=Count("*"))
        .values("count")
    )
    return (
        NoteVerbale.objects.select_related("member_state", "call")
        .only(*NOTE_FIELDS)
        .annotate(nominations_count=Coalesce(Subquery(carried), 0))
    )


@dataclasses.dataclass(frozen=True)
class ListDefinition:
    name: str  # for the file name and the sheet
    filterset: type
    columns: tuple
    sorts: dict
    rows: Callable
    # The page a row's first cell links to, if the row has one.
    row_url: Callable = None

    def filtered(self, request):
        filterset = self.filterset(request.GET, queryset=self.rows(), request=request)
        ordering = self.sorts[""][1]
        sort = request.GET.get("sort", "")
        # Only a key of the whitelist reaches order_by; anything else is the default.
        if sort in self.sorts:
            ordering = self.sorts[sort][1]
        ordering = [term() if callable(term) else term for term in ordering]
        return filterset, filterset.rows.order_by(*ordering)


NOMINATION_LIST = ListDefinition(
    _("Nominations"),
    NominationListFilter,
    NOMINATION_COLUMNS,
    NOMINATION_SORTS,
    nominations,
    row_url=lambda n: reverse("workbench:nomination_detail", args=[n.pk]),
)
NOTE_LIST = ListDefinition(_("Notes verbales"), NoteListFilter, NOTE_COLUMNS, NOTE_SORTS, notes)


class FilteredListView(RoleRequiredMixin, ListView):
    """The page's content (the filters, the table, the pagination) is rendered once per
    version of the data and query (workflows/data_version.py) and cached; the layout
    around it, which carries the user and the CSRF token, is rendered on each request."""

    role = is_secretariat
    definition: ListDefinition = None
    paginate_by = 50
    template_name = "workbench/lists/list.html"
    content_template = "workbench/lists/content.html"
    results_template = "workbench/lists/results.html"
    export_name = ""

    def get(self, request, *args, **kwargs):
        htmx = request.htmx
        parts = (request.path, request.GET.urlencode(), htmx.target if htmx else None)
        page = data_version.cached(request, "list", parts, self._render)
        if page["results_only"]:
            return HttpResponse(page["content"])
        response = page_cache.page(
            request,
            "list",
            parts,
            lambda: TemplateResponse(
                request, self.template_name, {"title": page["title"], "content": page["content"]}
            ),
        )
        if htmx:
            # Errors change the form too: swap the whole main column, not only the table.
            response = reselect(retarget(reswap(response, "outerHTML"), "main"), "main")
        return response

    def _render(self):
        self.object_list = self.get_queryset()
        context = self.get_context_data()
        results_only = self._swaps_results()
        template = self.results_template if results_only else self.content_template
        heading = str(context["heading"])
        return {
            "results_only": results_only,
            "title": f"{gettext('Error:')} {heading}" if self.filterset.form.errors else heading,
            "content": render_to_string(template, context),
        }

    def get_queryset(self):
        self.filterset, rows = self.definition.filtered(self.request)
        return rows

    def _swaps_results(self):
        htmx = self.request.htmx
        return bool(htmx) and htmx.target == RESULTS_ID and self.filterset.is_valid()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort = self.request.GET.get("sort", "")
        sorted_column = self.definition.sorts.get(sort, self.definition.sorts[""])[2]
        descending = sort.endswith("_desc")
        query = self.request.GET.copy()
        query.pop("page", None)
        export_url = reverse(self.export_name)
        columns = self.definition.columns
        context.update(
            request=self.request,
            filter=self.filterset,
            form=self.filterset.form,
            sort_choices=[(key, label) for key, (label, _o, _c) in self.definition.sorts.items()],
            sort=sort if sort in self.definition.sorts else "",
            headers=[
                {
                    "text": column.header,
                    "kind": column.kind,
                    "sort": (
                        ("descending" if descending else "ascending")
                        if index == sorted_column
                        else ""
                    ),
                }
                for index, column in enumerate(columns)
            ],
            rows=_rows_html(columns, context["object_list"], self.definition.row_url),
            query=query.urlencode(),
            export_csv=_with(export_url, query, format="csv"),
            export_xlsx=_with(export_url, query, format="xlsx"),
            results_id=RESULTS_ID,
            results_template=self.results_template,
            list_title=self.definition.name,
        )
        return context


def _with(url, query, **extra):
    query = query.copy()
    for key, value in extra.items():
        query[key] = value
    return f"{url}?{query.urlencode()}"


# Each kind of cell as the table writes it; "row" (the row's name) is a header cell.
CELL_HTML = {
    "number": '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>',
    "nowrap": '<td class="govuk-table__cell nomina-nowrap">{}</td>',
    "code": '<td class="govuk-table__cell nomina-wrap-anywhere">{}</td>',
    "text": '<td class="govuk-table__cell">{}</td>',
}


def _rows_html(columns, objects, row_url=None):
    """Each row's cells as HTML, written here once rather than by a template node per
    cell (fifty rows of nine cells on every page). Every value is escaped."""
    return [
        mark_safe("".join(_cell_html(column, obj, row_url) for column in columns))
        for obj in objects
    ]


def _cell_html(column, obj, row_url):
    kind = column.kind
    if kind == "row":
        url = row_url(obj) if row_url else ""
        text = escaped(column.text(obj))
        if url:
            return (
                f'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
                f'href="{escaped(url)}" hx-boost="false">{text}</a></th>'
            )
        return f'<th scope="row" class="govuk-table__header">{text}</th>'
    if kind == "state":
        colour = TAG_COLOURS.get(str(getattr(obj, "status", "")), "")
        colour = f" govuk-tag--{colour}" if colour else ""
        return (
            f'<td class="govuk-table__cell"><strong class="govuk-tag{colour}">'
            f"{escaped(column.text(obj))}</strong></td>"
        )
    if kind == "time":
        moment = column.moment(obj) if column.moment else None
        if not moment:
            return f'<td class="govuk-table__cell">{escaped(column.text(obj))}</td>'
        local = timezone.localtime(moment)
        return (
            f'<td class="govuk-table__cell"><time datetime="{dateformat.format(local, "c")}">'
            f'<span class="nomina-nowrap">{escaped(dateformat.format(local, "j M Y"))}</span> '
            f'<span class="nomina-nowrap">{dateformat.format(local, "H:i")}</span></time></td>'
        )
    return CELL_HTML.get(kind, CELL_HTML["text"]).format(escaped(column.text(obj)))


class NominationListView(FilteredListView):
    definition = NOMINATION_LIST
    export_name = "workbench:nomination_export"
    extra_context = {
        "heading": _("Nominations"),
        "caption": _("Nominations matching the filters"),
        "noun_one": _("nomination"),
        "noun_many": _("nominations"),
        "empty": _("No nomination matches these filters."),
    }


class NoteListView(FilteredListView):
    definition = NOTE_LIST
    export_name = "workbench:note_export"
    extra_context = {
        "heading": _("Notes verbales"),
        "caption": _("Notes verbales matching the filters"),
        "noun_one": _("note verbale"),
        "noun_many": _("notes verbales"),
        "empty": _("No note verbale matches these filters."),
    }


class ExportView(RoleRequiredMixin, View):
    role = is_secretariat
    definition: ListDefinition = None

    def get(self, request):
        _filterset, rows = self.definition.filtered(request)
        columns, name = self.definition.columns, str(self.definition.name)
        if request.GET.get("format") == "xlsx":
            return exports.xlsx_response(columns, rows, name, name)
        return exports.csv_response(columns, rows, name)


class NominationExportView(ExportView):
    definition = NOMINATION_LIST


class NoteExportView(ExportView):
    definition = NOTE_LIST
