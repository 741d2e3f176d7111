import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api import mission_status
from api.filters import NominationFilter
from api.history import mission_view_of
from api.permissions import NominationAccess
from api.serializers.documents import DocumentSerializer, DocumentUploadSerializer
from api.serializers.nominations import (
    LIST_VALUES,
    HistoryEventSerializer,
    NominationCreateSerializer,
    NominationSerializer,
    from_values,
)
from api.serializers.withdrawals import (
    WithdrawalRequestCreateSerializer,
    WithdrawalRequestSerializer,
)
from nominations.models import Nomination
from nominations.uploads import refuse_oversized_request
from portal import withdrawals
from workflows import data_version, permissions
from workflows.documents import download_response, store_document
from workflows.fsm import transition_names
from workflows.intake import CandidateDetails, IncomingNote, log_nomination
from workflows.models import AuditEvent

from .transitions import TransitionsMixin


class Rows:
    """The nominations for a paginator: counted as they are, each page read as the values
    a list row shows (a count of those values would join five tables for nothing)."""

    ordered = True

    def __init__(self, nominations):
        self.nominations = nominations

    def count(self):
        return self.nominations.count()

    def __getitem__(self, index):
        values = LIST_VALUES
        if "shown_status" in self.nominations.query.annotations:
            values = [*LIST_VALUES, "shown_status"]
        return list(self.nominations.values(*values)[index])


class NominationViewSet(
    TransitionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [NominationAccess]
    serializer_class = NominationSerializer
    lookup_value_regex = r"\d+"
    filterset_class = NominationFilter
    transition_names = transition_names(Nomination)

    def list(self, request, *args, **kwargs):
        """DRF's list, cached under the data's version for this user's scope
        (workflows/data_version.py) and the whole URL: the links to the next and previous
        pages are absolute. Only a page that answered 200 is kept."""
        page = data_version.cached(
            request, "api.nominations", (request.build_absolute_uri(),), self._list_page
        )
        if request.accepted_media_type == JSONRenderer.media_type:
            # The common answer, kept rendered: the same bytes DRF's JSONRenderer writes.
            return HttpResponse(page["json"], content_type=JSONRenderer.media_type)
        # Another renderer (the browsable API) from the same bytes.
        return Response(json.loads(page["json"]))

    def _list_page(self):
        """DRF's ListModelMixin.list, the page's rows read as values (from_values)."""
        rows = Rows(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(rows)
        if page is None:
            data = from_values(rows[:])
        else:
            data = self.get_paginated_response(from_values(page)).data
        # Only the bytes: a cache read unpickles what it gets, and fifty rows of nested
        # dicts took 0.7 ms a request to unpickle, a bytes object next to nothing.
        return {"json": JSONRenderer().render(data)}

    def get_queryset(self):
        nominations = Nomination.objects.for_user(self.request.user).order_by("-created_at", "-id")
        if permissions.is_mission(self.request.user):
            nominations = mission_status.with_shown_status(nominations)
        if self.action == "list":
            return nominations  # read as values (_list_page)
        return nominations.select_related(
            "post", "member_state", "candidate__nationality", "note_verbale"
        )

    @extend_schema(
        request=NominationCreateSerializer,
        responses={201: NominationSerializer},
        description=(
            "Log a nomination. The Secretariat gives the note's `received_at`; a mission's "
            "electronic submission is timed by the server, channel `portal`, for its own state "
            "and an open post. After the deadline the nomination is created `late`."
        ),
    )
    def create(self, request, *args, **kwargs):
        body = NominationCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        note = data["note_verbale"]
        created = log_nomination(
            actor=request.user,
            note=IncomingNote(
                member_state=data["member_state"],
                channel=note.get("channel") or "email",
                received_at=note.get("received_at"),
                reference=note.get("reference", ""),
                dated_on=note.get("dated_on"),
            ),
            candidate=CandidateDetails(**data["candidate"]),
            posts=[data["post"]],
        )
        nomination = self.get_queryset().get(pk=created[0].pk)
        return Response(self.get_serializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: HistoryEventSerializer(many=True)},
        description=(
            "The nomination's events, oldest first. A mission reads only its state changes, "
            "without the reasons of screening and shortlisting or of the executive office."
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        nomination = self.get_object()
        events = AuditEvent.objects.filter(
            object_type="nominations.nomination", object_id=str(nomination.pk)
        ).order_by("id")
        if permissions.is_mission(request.user):
            events = mission_status.events_shown(
                mission_view_of(events), released=nomination.outcome_released
            )
        return Response(HistoryEventSerializer(events, many=True).data)

    @extend_schema(
        methods=["GET"],
        responses={200: DocumentSerializer(many=True)},
        description="The nomination's documents, every version.",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
        description="Upload a PDF, DOCX or ODT (judged by content), at most 10 MB.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        filter_backends=[],
        parser_classes=[MultiPartParser, FormParser],
    )
    def documents(self, request, pk=None):
        nomination = self.get_object()
        if request.method == "GET":
            documents = nomination.documents.order_by("kind", "-version")
            return Response(DocumentSerializer(documents, many=True).data)
        refuse_oversized_request(request.META.get("CONTENT_LENGTH"))
        body = DocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = store_document(
            nomination,
            kind=body.validated_data["kind"],
            uploaded_file=body.validated_data["file"],
            actor=request.user,
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file itself.")
        }
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>\d+)/download",
        url_name="document-download",
        pagination_class=None,
        filter_backends=[],
    )
    def download(self, request, pk=None, document_id=None):
        nomination = self.get_object()
        document = get_object_or_404(nomination.documents, pk=document_id)
        return download_response(document, actor=request.user)

    @extend_schema(
        request={"multipart/form-data": WithdrawalRequestCreateSerializer},
        responses={201: WithdrawalRequestSerializer},
        description=(
            "A mission asks the Secretariat to withdraw its nomination, with its note "
            "verbale's reference, date and scan (PDF, DOCX or ODT, judged by content). The "
            "Secretariat completes the request (the `withdraw` transition) or declines it. "
            "One pending request per nomination (409 for a second)."
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="withdrawal-request",
        url_name="withdrawal-request",
        pagination_class=None,
        filter_backends=[],
        parser_classes=[MultiPartParser, FormParser],
    )
    def withdrawal_request(self, request, pk=None):
        nomination = self.get_object()
        refuse_oversized_request(request.META.get("CONTENT_LENGTH"))
        body = WithdrawalRequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        created = withdrawals.request_withdrawal(
            actor=request.user,
            nomination=nomination,
            note=withdrawals.WithdrawalNote.from_data(data),
        )
        return Response(WithdrawalRequestSerializer(created).data, status=status.HTTP_201_CREATED)
