"""Admin edits are audited like any other change, in the change's own transaction.

``AuditedAdminMixin`` goes on every ModelAdmin. One admin save writes one
event on the object saved (``admin.add`` or ``admin.change``): the fields it
changed as ``{field: {"old": ..., "new": ...}}`` under ``fields``, and the
rows its inlines added, changed or deleted under ``inlines``. Each deleted
object, from its page or "delete selected", writes ``admin.delete`` with its
last values. The events are written in the hooks where Django saves (after
``save_related``, before ``delete_model``/``delete_queryset``), inside the
transaction Django's change and delete views open, or one this mixin opens
around the change list's actions and the password form; so if the audit write
fails, the change is rolled back with it. Related objects are named by their
primary key; a password, or its hash, never appears.
"""

from django.db import transaction

from . import audit
from .form_diffs import HIDDEN, deleted_rows, object_values, record_saved_form

__all__ = ["HIDDEN", "AuditedAdminMixin"]


class AuditedAdminMixin:
    """Put first in the bases of every ModelAdmin of a record of DESIGN §2."""

    def save_related(self, request, form, formsets, change):
        # Read before the formsets delete: a deleted row has no primary key afterwards.
        deleted = [(formset, deleted_rows(formset)) for formset in formsets]
        super().save_related(request, form, formsets, change)
        record_saved_form(
            "admin.change" if change else "admin.add",
            actor=request.user,
            form=form,
            added=not change,
            inlines=deleted,
        )

    def delete_model(self, request, obj):
        audit.record(
            "admin.delete", actor=request.user, obj=obj, details={"fields": object_values(obj)}
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=queryset.db):
            for obj in queryset:
                audit.record(
                    "admin.delete",
                    actor=request.user,
                    obj=obj,
                    details={"fields": object_values(obj)},
                )
            super().delete_queryset(request, queryset)

    def changelist_view(self, request, extra_context=None):
        # Actions ("delete selected", the transitions) and list edits: one transaction.
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with transaction.atomic():
            return super().changelist_view(request, extra_context)
