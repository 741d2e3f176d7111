"""Transitions offered as Django admin actions; each goes through the transition service."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from . import transitions
from .errors import TransitionError
from .fsm import fsm_meta, transition_names


class TransitionForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    deadline_date = forms.DateField(
        required=False,
        help_text=_("New deadline date (YYYY-MM-DD), for extend_deadline and reopen."),
    )


def _needs(model_class, name):
    transition = next(iter(fsm_meta(model_class, name).transitions.values()))
    return bool(transition.custom.get("needs_reason")), tuple(transition.custom.get("params", ()))


def make_action(model_class, name):
    needs_reason, params = _needs(model_class, name)

    def action(modeladmin, request, queryset):
        form = TransitionForm(request.POST if "apply" in request.POST else None)
        if (needs_reason or params) and not form.is_valid():
            return TemplateResponse(
                request,
                "admin/workflows/transition_form.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": f"{name.replace('_', ' ').capitalize()}",
                    "transition": name,
                    "objects": queryset,
                    "form": form,
                    "needs_reason": needs_reason,
                    "params": params,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                    "opts": modeladmin.model._meta,
                },
            )
        data = form.cleaned_data if form.is_bound else {}
        extra = {key: data.get(key) for key in params}
        done = 0
        for obj in queryset:
            try:
                transitions.take(
                    obj, name, actor=request.user, reason=data.get("reason", ""), **extra
                )
                done += 1
            except TransitionError as error:
                modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        if done:
            modeladmin.message_user(request, f"{name}: {done} done.", messages.SUCCESS)
        return None

    action.__name__ = f"transition_{name}"
    action.short_description = name.replace("_", " ").capitalize()
    return action


def transition_actions(model_class):
    return [make_action(model_class, name) for name in transition_names(model_class)]
