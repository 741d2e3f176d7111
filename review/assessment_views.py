"""A member's conflict declaration and ratings of one eligible candidate.

An excluded member (same nationality, or a declared conflict) gets 404 for the candidate's
rating page, as for a page that does not exist: it shows nothing of the ratings. The post's
page says why the link is missing.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from nominations.models import Nomination
from web.permissions import RoleRequiredMixin
from web.templatetags.govuk import error_anchor
from workflows.errors import TransitionError
from workflows.permissions import is_executive

from . import assessments, conflicts
from .forms import ConflictForm, RatingForm
from .indicators import shown_for
from .models import SCALE, Assessment, ConflictDeclaration
from .scope import nomination_for
from .visibility import is_excluded, peer_ratings_visible

RATED_STATES = {
    Nomination.Status.ELIGIBLE,
    Nomination.Status.SHORTLISTED,
    Nomination.Status.NOT_SHORTLISTED,
}


def _reachable(user, pk):
    """The nomination, if this member may open its rating page; 404 otherwise."""
    nomination = nomination_for(user, pk)
    if nomination.status not in RATED_STATES:
        raise Http404
    conflicts.note_exclusions(user, [nomination])
    if is_excluded(user, nomination):
        raise Http404
    return nomination


def _errors(forms):
    found = []
    for form in forms:
        for bound_field in form:
            found += [(message, error_anchor(bound_field)) for message in bound_field.errors]
    return found


def peer_assessments(nomination, member):
    """The other members' submitted assessments with their ratings, by member e-mail."""
    return list(
        Assessment.objects.filter(nomination=nomination, submitted_at__isnull=False)
        .exclude(member=member)
        .select_related("member")
        .prefetch_related("ratings")
        .order_by("submitted_at", "id")
    )


class AssessmentView(RoleRequiredMixin, View):
    role = is_executive
    template_name = "review/assessment.html"

    def get(self, request, pk):
        nomination = _reachable(request.user, pk)
        return self.render(request, nomination)

    def post(self, request, pk):
        nomination = _reachable(request.user, pk)
        competencies = self._competencies(nomination)
        forms = [RatingForm(request.POST, post_competency=pc) for pc in competencies]
        if not all(form.is_valid() for form in forms):
            return self.render(request, nomination, forms=forms, status=400)
        ratings = {
            form.post_competency.pk: (form.cleaned_data["score"], form.cleaned_data["comment"])
            for form in forms
        }
        submitting = "submit" in request.POST
        try:
            if submitting:
                assessments.submit(nomination, member=request.user, ratings=ratings)
            else:
                assessments.save(nomination, member=request.user, ratings=ratings)
        except assessments.NotAllowed:
            raise Http404 from None
        except TransitionError as error:
            by_id = {str(form.post_competency.pk): form for form in forms}
            for key, problems in error.field_errors.items():
                if key in by_id:
                    for problem in problems:
                        by_id[key].add_error("score", problem)
            return self.render(request, nomination, forms=forms, refusal=str(error), status=409)
        if submitting:
            messages.success(request, _("Your assessment is submitted."))
        else:
            messages.success(request, _("Your ratings are saved as a draft."))
        return redirect("review:assessment", pk=nomination.pk)

    def _competencies(self, nomination):
        return list(
            nomination.post.required_competencies.select_related("competency").order_by(
                "position", "id"
            )
        )

    def render(self, request, nomination, forms=None, refusal="", status=200):
        user = request.user
        declaration = ConflictDeclaration.objects.filter(nomination=nomination, member=user).first()
        context = {
            "nomination": nomination,
            "candidate": nomination.candidate,
            "post": nomination.post,
            "declaration": declaration,
            "scale": SCALE,
        }
        if declaration is None:
            context["conflict_form"] = ConflictForm()
            return render(request, self.template_name, context, status=status)
        competencies = self._competencies(nomination)
        own = (
            Assessment.objects.filter(nomination=nomination, member=user)
            .prefetch_related("ratings")
            .first()
        )
        mine = {rating.post_competency_id: rating for rating in own.ratings.all()} if own else {}
        if forms is None:
            forms = [
                RatingForm(
                    post_competency=pc,
                    initial={"score": mine[pc.pk].score, "comment": mine[pc.pk].comment}
                    if pc.pk in mine
                    else None,
                )
                for pc in competencies
            ]
        visible = nomination.pk in peer_ratings_visible(user, [nomination.pk])
        peers = peer_assessments(nomination, user) if visible else []
        labels = dict(SCALE)
        rows = []
        for pc, form in zip(competencies, forms, strict=True):
            by_peer = []
            for assessment in peers:
                rating = next(
                    (r for r in assessment.ratings.all() if r.post_competency_id == pc.pk), None
                )
                by_peer.append(
                    {
                        "member": assessment.member.email,
                        "score": rating.score if rating else None,
                        "label": labels.get(rating.score) if rating else "",
                        "comment": rating.comment if rating else "",
                    }
                )
            rows.append(
                {
                    "competency": pc,
                    "indicators": shown_for(pc),
                    "form": form,
                    "mine": mine.get(pc.pk),
                    "mine_label": labels.get(mine[pc.pk].score) if pc.pk in mine else "",
                    "peers": by_peer,
                }
            )
        errors = ([(refusal, "ratings")] if refusal else []) + _errors(forms)
        submitted = own is not None and own.is_submitted
        context.update(
            rows=rows,
            errors=errors,
            own=own,
            submitted=submitted,
            editable=not submitted and assessments.rateable(nomination) is None,
            peers_visible=visible,
            peer_count=len(peers),
        )
        return render(request, self.template_name, context, status=status)


class ConflictView(RoleRequiredMixin, View):
    """POST a declaration from the rating page."""

    role = is_executive

    def post(self, request, pk):
        nomination = _reachable(request.user, pk)
        form = ConflictForm(request.POST)
        if form.is_valid():
            try:
                declaration = conflicts.declare(
                    nomination,
                    member=request.user,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                if declaration.kind == ConflictDeclaration.Kind.NONE:
                    return redirect("review:assessment", pk=nomination.pk)
                messages.success(
                    request,
                    _(
                        "Your conflict of interest is recorded: you are excluded from rating "
                        "%(name)s and from seeing the ratings."
                    )
                    % {"name": nomination.candidate.full_name},
                )
                return redirect("review:post", pk=nomination.post_id)
        context = {
            "nomination": nomination,
            "candidate": nomination.candidate,
            "post": nomination.post,
            "declaration": None,
            "conflict_form": form,
            "errors": _errors([form]) + [(e, "conflict") for e in form.non_field_errors()],
        }
        return render(request, AssessmentView.template_name, context, status=400)
