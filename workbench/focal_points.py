"""The missions' focal points as the Secretariat manages them (/workbench/focal-points/):
every mission account, filtered by member state and status; "Invite a focal point"; and,
each confirmed on its own page, deactivate, reactivate, or send a new invitation. The
changes are the services of accounts/invitations.py and accounts/deactivation.py."""

import django_filters as filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from accounts import deactivation, invitations, roles
from accounts.models import Invitation, User
from nominations.models import MemberState
from nominations.models.member_states import name_order
from web.permissions import RoleRequiredMixin
from workflows.permissions import is_secretariat

from .list_filters import BoundedFilterSet, StateChoiceField, member_state_filter

ACTIVE, INVITED, DEACTIVATED = "active", "invited", "deactivated"
STATUSES = (
    (ACTIVE, gettext_lazy("Active")),
    (INVITED, gettext_lazy("Invited")),
    (DEACTIVATED, gettext_lazy("Deactivated")),
)
# An unusable password (Django's marker): invited, no password chosen yet.
_NO_PASSWORD = Q(password__startswith="!")


def mission_accounts():
    pending = Invitation.objects.filter(user=OuterRef("pk"), used_at=None, voided_at=None)
    return (
        User.objects.filter(groups__name=roles.MISSION)
        .select_related("member_state")
        .annotate(
            invitation_expires=Subquery(pending.order_by("-created_at").values("expires_at")[:1])
        )
        .order_by(name_order("member_state__"), "last_name", "first_name", "email")
    )


def status_of(user):
    if user.is_active:
        return ACTIVE
    return INVITED if not user.has_usable_password() else DEACTIVATED


class FocalPointFilter(BoundedFilterSet):
    member_state = member_state_filter()
    status = filters.ChoiceFilter(
        choices=STATUSES, label=gettext_lazy("Status"), empty_label=gettext_lazy("Any"),
        method="filter_status",
    )  # fmt: skip

    def filter_status(self, queryset, name, value):
        if value == ACTIVE:
            return queryset.filter(is_active=True)
        if value == INVITED:
            return queryset.filter(_NO_PASSWORD, is_active=False)
        if value == DEACTIVATED:
            return queryset.filter(is_active=False).exclude(_NO_PASSWORD)
        return queryset


class FocalPointListView(RoleRequiredMixin, ListView):
    role = is_secretariat
    template_name = "workbench/focal_points/list.html"
    context_object_name = "accounts"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = FocalPointFilter(
            self.request.GET, queryset=mission_accounts(), request=self.request
        )
        return self.filterset.rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for account in context["accounts"]:
            account.status = status_of(account)
        chosen = (
            self.filterset.form.cleaned_data.get("member_state")
            if self.filterset.is_valid()
            else None
        )
        invite_url = reverse("workbench:focal_point_invite")
        if chosen is not None:
            invite_url += f"?member_state={chosen.code}"
        context.update(
            form=self.filterset.form, invite_url=invite_url, status_labels=dict(STATUSES)
        )
        return context


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": gettext_lazy("Enter the focal point's e-mail address."),
            "invalid": gettext_lazy("Enter an e-mail address like name@mission.example."),
        },
    )
    member_state = StateChoiceField(
        queryset=MemberState.objects.only(
            "id", "code", "name_en", "name_fr", "name_es", "language"
        ).order_by(),
        to_field_name="code",
        label=gettext_lazy("Member state"),
        help_text=gettext_lazy("The account sees this state's calls and nominations only."),
        empty_label=gettext_lazy("Choose a member state"),
        error_messages={"required": gettext_lazy("Choose the mission's member state.")},
    )
    first_name = forms.CharField(
        label=gettext_lazy("First name (optional)"), max_length=150, required=False
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name (optional)"), max_length=150, required=False
    )


class InviteView(RoleRequiredMixin, FormView):
    role = is_secretariat
    template_name = "workbench/focal_points/invite.html"
    form_class = InviteForm

    def get_initial(self):
        return {"member_state": self.request.GET.get("member_state", "")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            sent = invitations.invite(
                email=data["email"],
                member_state=data["member_state"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                actor=self.request.user,
                base_url=self.request.build_absolute_uri("/"),
            )
        except invitations.InvitationError as error:
            form.add_error("email", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        user = sent.invitation.user
        messages.success(
            self.request,
            _("An invitation is on its way to %(email)s. Its link is valid for %(days)s days.")
            % {"email": user.email, "days": settings.NOMINA_INVITATION_DAYS},
        )
        return redirect(_list_of(user))

    def get_context_data(self, **kwargs):
        return super().get_context_data(days=settings.NOMINA_INVITATION_DAYS, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _list_of(user):
    return f"{reverse('workbench:focal_points')}?member_state={user.member_state.code}"


class AccountActionView(RoleRequiredMixin, View):
    """GET: the account and what the action does; POST: the action, then the list."""

    role = is_secretariat
    ACTIONS = {
        "deactivate": {
            "allowed": lambda user: user.is_active,
            "heading": gettext_lazy("Deactivate this focal point"),
            "explanation": gettext_lazy(
                "The account can no longer sign in. Its open sessions end and its API "
                "tokens are deleted at once. You can reactivate it later."
            ),
            "button": gettext_lazy("Deactivate the account"),
            "done": gettext_lazy("%(email)s is deactivated."),
        },
        "reactivate": {
            "allowed": lambda user: status_of(user) == DEACTIVATED,
            "heading": gettext_lazy("Reactivate this focal point"),
            "explanation": gettext_lazy(
                "The account can sign in again with its password. It has no API token "
                "until one is issued again."
            ),
            "button": gettext_lazy("Reactivate the account"),
            "done": gettext_lazy("%(email)s is active again."),
        },
        "invite-again": {
            "allowed": invitations.is_pending,
            "heading": gettext_lazy("Send a new invitation"),
            "explanation": gettext_lazy(
                "A new link is sent to the address, in the mission's language. The links "
                "sent before stop working."
            ),
            "button": gettext_lazy("Send a new invitation"),
            "done": gettext_lazy("A new invitation is on its way to %(email)s."),
        },
    }

    def dispatch(self, request, *args, action, **kwargs):
        if action not in self.ACTIONS:
            raise Http404
        self.action = self.ACTIONS[action]
        self.action_name = action
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        user = self._account(pk)
        return self._page(request, user)

    def post(self, request, pk):
        user = self._account(pk)
        if not self.action["allowed"](user):
            messages.error(
                request, _("Nothing was changed: the account is no longer in that state.")
            )
            return redirect(_list_of(user))
        try:
            if self.action_name == "deactivate":
                deactivation.deactivate(user, actor=request.user)
            elif self.action_name == "reactivate":
                deactivation.reactivate(user, actor=request.user)
            else:
                invitations.reinvite(
                    user, actor=request.user, base_url=request.build_absolute_uri("/")
                )
        except (deactivation.DeactivationError, invitations.InvitationError) as error:
            messages.error(request, str(error))
            return redirect(_list_of(user))
        messages.success(request, self.action["done"] % {"email": user.email})
        return redirect(_list_of(user))

    def _account(self, pk):
        return get_object_or_404(mission_accounts(), pk=pk)

    def _page(self, request, user):
        user.status = status_of(user)
        context = {
            "account": user,
            "status_labels": dict(STATUSES),
            "allowed": self.action["allowed"](user),
            **{key: self.action[key] for key in ("heading", "explanation", "button")},
            "back_url": _list_of(user),
        }
        return render(request, "workbench/focal_points/confirm.html", context)
