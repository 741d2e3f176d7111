from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from api.filters import NominationFilter
from api.history import mission_view_of
from api.permissions import NominationAccess
from api.serializers.documents import DocumentSerializer, DocumentUploadSerializer
from api.serializers.nominations import (
    HistoryEventSerializer,
    NominationCreateSerializer,
    NominationSerializer,
)
from nominations.models import Nomination
from nominations.uploads import refuse_oversized_request
from workflows import data_version, permissions
from workflows.documents import download_response, store_document
from workflows.fsm import transition_names
from workflows.intake import CandidateDetails, IncomingNote, log_nomination
from workflows.models import AuditEvent

from .transitions import TransitionsMixin


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

    # What a list row shows (NominationSerializer), and nothing else: a post carries its
    # terms of reference, a note its text, which a row never reads.
    LIST_COLUMNS = [
        "id", "status", "is_late", "created_at", "post__call_id", "member_state__code",
        "candidate__full_name", "candidate__email", "candidate__phone",
        "candidate__gender", "candidate__date_of_birth", "candidate__postal_address",
        "candidate__languages", "candidate__nationality__code", "note_verbale__reference",
        "note_verbale__dated_on", "note_verbale__received_at", "note_verbale__channel",
    ]  # fmt: skip

    def list(self, request, *args, **kwargs):
        """DRF's list, cached under the data's version for this user's scope
        (workflows/data_version.py) and the whole URL: the links to the next and previous
        pages are absolute. Only a page that answered 200 is kept."""
        data = data_version.cached(
            request,
            "api.nominations",
            (request.build_absolute_uri(),),
            lambda: super(NominationViewSet, self).list(request, *args, **kwargs).data,
        )
        return Response(data)

    def get_queryset(self):
        nominations = (
            Nomination.objects.for_user(self.request.user)
            .select_related("post", "member_state", "candidate__nationality", "note_verbale")
            .order_by("-created_at", "-id")
        )
        if self.action == "list":
            nominations = nominations.only(*self.LIST_COLUMNS)
        return nominations

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
            events = mission_view_of(events)
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
