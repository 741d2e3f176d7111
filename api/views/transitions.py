from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers.nominations import AvailableTransitionSerializer, TransitionRequestSerializer
from workflows import transitions
from workflows.errors import TransitionError


class TransitionsMixin:
    """GET and POST ``{id}/transitions/`` for a viewset over a state machine model."""

    @extend_schema(
        methods=["GET"],
        responses={200: AvailableTransitionSerializer(many=True)},
        description="The transitions you may take on this object now.",
    )
    @extend_schema(
        methods=["POST"],
        request=TransitionRequestSerializer,
        description="Take a transition; answers the object with its new status.",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def transitions(self, request, pk=None):
        obj = self.get_object()
        if request.method == "GET":
            available = [
                {
                    "name": t.name,
                    "target": t.target,
                    "needs_reason": t.needs_reason,
                    "params": list(t.params),
                }
                for t in transitions.available(obj, request.user)
            ]
            return Response(AvailableTransitionSerializer(available, many=True).data)
        body = TransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        name = data["transition"]
        if name not in self.transition_names:
            raise TransitionError(
                TransitionError.UNKNOWN,
                f"there is no transition '{name}' for a {obj._meta.verbose_name}",
                transition=name,
                field_errors={
                    "transition": [f"Choose one of: {', '.join(self.transition_names)}."]
                },
            )
        params = {key: data[key] for key in ("deadline_date",) if key in data}
        changed = transitions.take(obj, name, actor=request.user, reason=data["reason"], **params)
        return Response(self.get_serializer(self.get_queryset().get(pk=changed.pk)).data)
