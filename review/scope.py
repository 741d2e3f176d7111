"""The nominations the executive office reaches: those of its scope (Nomination.for_user),
everything else answering 404 like a missing one."""

from django.shortcuts import get_object_or_404

from nominations.models import Nomination


def nomination_for(user, pk):
    queryset = Nomination.objects.for_user(user).select_related(
        "post__call", "candidate__nationality", "member_state"
    )
    return get_object_or_404(queryset, pk=pk)
