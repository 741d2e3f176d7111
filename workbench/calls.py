"""Create and edit a call and its posts; a post's page with its terms of reference.

Each save writes its audit event (call.create, call.change, post.create, post.change)
in the save's own transaction, with what changed as the admin records it.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from nominations.models import Call, Post, PostCompetency
from reminders import schedule
from web.permissions import RoleRequiredMixin
from web.templatetags.govuk import error_summary
from workflows.form_diffs import deleted_rows, record_saved_form
from workflows.permissions import is_secretariat

from .call_forms import CallForm, PostForm, competency_formset


class CallFormView(RoleRequiredMixin, TemplateView):
    """New call (no pk) or an existing one's edit."""

    role = is_secretariat
    template_name = "workbench/calls/call_form.html"

    def get_call(self):
        if "pk" not in self.kwargs:
            return Call()
        return get_object_or_404(Call.objects.for_user(self.request.user), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        call = self.get_call()
        return self.render_to_response({"form": CallForm(instance=call), "call": call})

    def post(self, request, *args, **kwargs):
        call = self.get_call()
        added = call.pk is None
        form = CallForm(request.POST, instance=call)
        if not form.is_valid():
            return self.render_to_response({"form": form, "call": call})
        with transaction.atomic():
            call = form.save()
            if not added and "reminder_days" in form.changed_data:
                schedule.reschedule(call)
            record_saved_form(
                "call.create" if added else "call.change",
                actor=request.user,
                form=form,
                added=added,
            )
        if added:
            messages.success(request, _("Call %(reference)s created.") % {"reference": call})
            return redirect("workbench:home")
        messages.success(request, _("Call %(reference)s saved.") % {"reference": call})
        return redirect("workbench:home")


# Its terms of reference are edited until shortlisting starts: from then on they are
# what the nominations are screened against.
EDITABLE = {Post.Status.DRAFT, Post.Status.OPEN, Post.Status.CLOSED}


class PostFormView(RoleRequiredMixin, TemplateView):
    """New post of a call (``call_pk``) or an existing post's edit (``pk``)."""

    role = is_secretariat
    template_name = "workbench/calls/post_form.html"

    def refuse_final(self, post):
        messages.error(
            self.request,
            _("This post is %(status)s: its terms of reference can no longer be edited.")
            % {"status": post.get_status_display().lower()},
        )
        return redirect("workbench:post_detail", pk=post.pk)

    def get_post(self):
        if "pk" in self.kwargs:
            posts = Post.objects.for_user(self.request.user).select_related("call")
            return get_object_or_404(posts, pk=self.kwargs["pk"])
        calls = Call.objects.for_user(self.request.user)
        call = get_object_or_404(calls, pk=self.kwargs["call_pk"])
        return Post(call=call)

    def forms(self, post, data=None):
        formset_class = competency_formset(extra=5 if post.pk is None else 3)
        return (
            PostForm(data, instance=post),
            formset_class(data, instance=post, prefix="competencies"),
        )

    def context(self, post, form, formset):
        refusal = None
        if post.pk is None and post.call.is_issued:
            refusal = _(
                "Call %(reference)s has already been issued, so no post can be added to it; "
                "put the new post in a new call."
            ) % {"reference": post.call.reference}
        return {
            "form": form,
            "formset": formset,
            "post": post,
            "call": post.call,
            "refusal": refusal,
            "errors": summary(form, formset),
            "has_errors": bool(form.errors or any(formset.errors) or formset.non_form_errors()),
        }

    def get(self, request, *args, **kwargs):
        post = self.get_post()
        if post.pk is not None and post.status not in EDITABLE:
            return self.refuse_final(post)
        form, formset = self.forms(post)
        return self.render_to_response(self.context(post, form, formset))

    def post(self, request, *args, **kwargs):
        post = self.get_post()
        if post.pk is not None and post.status not in EDITABLE:
            return self.refuse_final(post)
        added = post.pk is None
        form, formset = self.forms(post, request.POST)
        # Both validated, so every error shows at once.
        valid = form.is_valid()
        valid = formset.is_valid() and valid
        if not valid:
            return self.render_to_response(self.context(post, form, formset))
        with transaction.atomic():
            deleted = deleted_rows(formset)
            post = form.save()
            formset.instance = post
            formset.save()
            self.renumber(post, formset)
            record_saved_form(
                "post.create" if added else "post.change",
                actor=request.user,
                form=form,
                added=added,
                inlines=[(formset, deleted)],
            )
        messages.success(request, _("Post “%(title)s” saved.") % {"title": post.title})
        if "add_more" in request.POST:
            return redirect(reverse("workbench:post_edit", args=[post.pk]) + "#competencies")
        return redirect("workbench:post_detail", pk=post.pk)

    @staticmethod
    def renumber(post, formset):
        """Positions follow the rows' order on the form; new rows come after."""
        kept = [
            form.instance
            for form in formset.forms
            if form.instance.pk is not None and form not in formset.deleted_forms
        ]
        for position, row in enumerate(kept):
            row.position = position
        PostCompetency.objects.bulk_update(kept, ["position"])


def summary(form, formset):
    """One error summary for the post and its competency rows, each linking to its field."""
    if not form.is_bound:
        return []
    errors = error_summary(form)["errors"]
    errors += [(message, "competencies") for message in formset.non_form_errors()]
    for row in formset:
        row_errors = error_summary(row)["errors"]
        # A row's own errors (two rows of one name) link to the row, not its first field.
        errors += [
            (message, row.prefix if message in row.non_field_errors() else anchor)
            for message, anchor in row_errors
        ]
    return errors


class PostDetailView(RoleRequiredMixin, DetailView):
    """The post's terms of reference as the call presents them, and what may be done now."""

    role = is_secretariat
    template_name = "workbench/calls/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        competencies = PostCompetency.objects.order_by("position", "id")
        return (
            Post.objects.for_user(self.request.user)
            .select_related("call")
            .prefetch_related(Prefetch("required_competencies", queryset=competencies))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["editable"] = self.object.status in EDITABLE
        return context
