from django.db import transaction
from django.db.models import Prefetch
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from api.filters import PostFilter
from api.permissions import ReadAnyWriteSecretariat
from api.serializers.calls import CallSerializer, PostSerializer
from api.serializers.reference import MemberStateSerializer
from nominations.models import Call, MemberState, Post, PostCompetency
from workflows import audit
from workflows.fsm import transition_names

from .transitions import TransitionsMixin


class MemberStateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MemberStateSerializer
    queryset = MemberState.objects.order_by("code")
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{3}"
    filterset_fields = ["region", "is_member", "is_represented"]

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


class CallViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CallSerializer
    permission_classes = [IsAuthenticated, ReadAnyWriteSecretariat]
    lookup_value_regex = r"\d+"
    filterset_fields = ["reference"]

    def get_queryset(self):
        visible = Post.objects.for_user(self.request.user).only("id", "call_id")
        return (
            Call.objects.for_user(self.request.user)
            .prefetch_related(Prefetch("posts", queryset=visible), "addressed_states")
            .order_by("-deadline_date", "reference")
        )

    def perform_create(self, serializer):
        with transaction.atomic():
            call = serializer.save()
            audit.record("call.create", actor=self.request.user, obj=call)


class PostViewSet(
    TransitionsMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PostSerializer
    permission_classes = [IsAuthenticated, ReadAnyWriteSecretariat]
    lookup_value_regex = r"\d+"
    filterset_class = PostFilter
    transition_names = transition_names(Post)

    def get_queryset(self):
        return (
            Post.objects.for_user(self.request.user)
            .prefetch_related(
                Prefetch(
                    "required_competencies",
                    queryset=PostCompetency.objects.select_related("competency"),
                )
            )
            .order_by("call_id", "id")
        )

    def perform_create(self, serializer):
        with transaction.atomic():
            post = serializer.save()
            audit.record("post.create", actor=self.request.user, obj=post, to_state=post.status)
