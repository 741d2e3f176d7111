"""The executive office's API: screening, conflict declarations, assessments.

Executive members only (403 for every other role); a nomination outside the executive
office's scope, and the assessment of a candidate the member is excluded from, answer 404.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from api.serializers.review import (
    AssessmentSerializer,
    CheckInputSerializer,
    CheckSerializer,
    ConflictInputSerializer,
    ConflictSerializer,
    RatingsInputSerializer,
    ScreeningSerializer,
)
from nominations.models import Nomination
from review import assessments, conflicts, screening
from review.assessment_views import RATED_STATES, peer_assessments
from review.criteria import criteria_of
from review.models import Assessment, ConflictDeclaration, CriterionCheck
from review.visibility import is_excluded, peer_ratings_visible
from workflows import permissions


class ExecutiveOnly(BasePermission):
    def has_permission(self, request, view):
        return permissions.is_executive(request.user)


class ReviewView(GenericAPIView):
    permission_classes = [ExecutiveOnly]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return Nomination.objects.for_user(self.request.user).select_related("post", "candidate")

    def get_object(self):
        return self.nomination(self.kwargs["pk"])

    def nomination(self, pk):
        try:
            return self.get_queryset().get(pk=pk)
        except Nomination.DoesNotExist:
            raise Http404 from None

    def rateable_nomination(self, pk):
        nomination = self.nomination(pk)
        if nomination.status not in RATED_STATES:
            raise Http404
        conflicts.note_exclusions(self.request.user, [nomination])
        if is_excluded(self.request.user, nomination):
            raise Http404
        return nomination


def screening_data(nomination):
    checks = {c.criterion: c for c in CriterionCheck.objects.filter(nomination=nomination)}
    result = screening.outcome(nomination.post, checks.values())
    return {
        "nomination": nomination.pk,
        "status": nomination.status,
        "criteria": [
            {
                "criterion": c.key,
                "label": str(c.label),
                "requirement": str(c.requirement),
                "is_asset": c.is_asset,
                "check": CheckSerializer(checks[c.key]).data if c.key in checks else None,
            }
            for c in criteria_of(nomination.post)
        ],
        "decision": {
            "transition": result.transition,
            "reason": result.reason,
            "blocked": [str(why) for why in result.blocked],
        },
    }


class ScreeningView(ReviewView):
    serializer_class = ScreeningSerializer

    @extend_schema(
        responses={200: ScreeningSerializer},
        description="The post's criteria, each with its finding for this nomination, and "
        "the decision the findings support (or what blocks it).",
    )
    def get(self, request, pk):
        return Response(screening_data(self.nomination(pk)))

    @extend_schema(
        request=CheckInputSerializer,
        responses={201: CheckSerializer},
        description="Record (or revise) one criterion's finding for a complete nomination.",
    )
    def post(self, request, pk):
        nomination = self.nomination(pk)
        body = CheckInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        check = screening.record_check(nomination, actor=request.user, **body.validated_data)
        return Response(CheckSerializer(check).data, status=status.HTTP_201_CREATED)


class DecisionView(ReviewView):
    serializer_class = ScreeningSerializer

    @extend_schema(
        request=None,
        responses={200: ScreeningSerializer},
        description="Take the decision the findings support: screen_eligible, or "
        "screen_ineligible with the reasons made from the criteria not met. 409 while a "
        "criterion is unscreened or unclear without an override.",
    )
    def post(self, request, pk):
        nomination = self.nomination(pk)
        decided = screening.decide(nomination, actor=request.user)
        return Response(screening_data(self.nomination(decided.pk)))


class ConflictView(ReviewView):
    serializer_class = ConflictSerializer

    @extend_schema(
        request=ConflictInputSerializer,
        responses={201: ConflictSerializer},
        description="Declare a conflict of interest (or none) on an eligible candidate, "
        "before rating. A declared conflict excludes you and cannot be withdrawn.",
    )
    def post(self, request, pk):
        nomination = self.rateable_nomination(pk)
        body = ConflictInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        declaration = conflicts.declare(nomination, member=request.user, **body.validated_data)
        return Response(ConflictSerializer(declaration).data, status=status.HTTP_201_CREATED)


def _ratings(assessment, competencies):
    given = {r.post_competency_id: r for r in assessment.ratings.all()} if assessment else {}
    return [
        {
            "post_competency": pc.pk,
            "name": pc.name,
            "score": given[pc.pk].score if pc.pk in given else None,
            "comment": given[pc.pk].comment if pc.pk in given else "",
        }
        for pc in competencies
    ]


def assessment_data(nomination, member):
    competencies = list(nomination.post.required_competencies.order_by("position", "id"))
    own = (
        Assessment.objects.filter(nomination=nomination, member=member)
        .prefetch_related("ratings")
        .first()
    )
    declared = (
        ConflictDeclaration.objects.filter(nomination=nomination, member=member)
        .values_list("kind", flat=True)
        .first()
    )
    visible = nomination.pk in peer_ratings_visible(member, [nomination.pk])
    peers = peer_assessments(nomination, member) if visible else []
    return {
        "nomination": nomination.pk,
        "declared": declared,
        "submitted_at": own.submitted_at if own else None,
        "ratings": _ratings(own, competencies),
        "peers_visible": visible,
        "peers": [
            {
                "member": peer.member.email,
                "submitted_at": peer.submitted_at,
                "ratings": _ratings(peer, competencies),
            }
            for peer in peers
        ],
    }


class AssessmentView(ReviewView):
    serializer_class = AssessmentSerializer

    def _given(self, request):
        body = RatingsInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return {
            item["post_competency"]: (item.get("score"), item.get("comment", ""))
            for item in body.validated_data.get("ratings", [])
        }

    @extend_schema(
        responses={200: AssessmentSerializer},
        description="Your ratings of this candidate, and the other members' once you "
        "have submitted yours.",
    )
    def get(self, request, pk):
        nomination = self.rateable_nomination(pk)
        return Response(assessment_data(nomination, request.user))

    @extend_schema(
        request=RatingsInputSerializer,
        responses={200: AssessmentSerializer},
        description="Save ratings as a draft (a null score leaves a competency unrated).",
    )
    def put(self, request, pk):
        nomination = self.rateable_nomination(pk)
        ratings = self._given(request)
        try:
            assessments.save(nomination, member=request.user, ratings=ratings)
        except assessments.NotAllowed:
            raise Http404 from None
        return Response(assessment_data(nomination, request.user))

    @extend_schema(
        request=RatingsInputSerializer,
        responses={200: AssessmentSerializer},
        description="Submit your assessment (after saving the ratings given, if any): "
        "every value and competency rated. It is final.",
    )
    def post(self, request, pk):
        nomination = self.rateable_nomination(pk)
        ratings = self._given(request)
        try:
            assessments.submit(nomination, member=request.user, ratings=ratings)
        except assessments.NotAllowed:
            raise Http404 from None
        return Response(assessment_data(nomination, request.user))
