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

import datetime
import decimal
import uuid

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models.fields.files import FieldFile

from . import audit

HIDDEN = "[hidden]"
# Fields whose value never enters the log, whatever model they are on.
SECRET_FIELDS = {"password"}


def _plain(value):
    """A JSON value the audit log stores exactly as given."""
    if isinstance(value, FieldFile):
        return value.name or None
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _value(field, value):
    if field.many_to_many:
        # The related rows, by primary key, in a stable order.
        return sorted(_plain(item) for item in value or [])
    return _plain(value)


def _model_field(obj, name):
    """The model field (concrete or many-to-many) a form field edits, or None."""
    if name in SECRET_FIELDS:
        return None
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field (password1, usable_password, DELETE)
        return None
    if field.auto_created or not (field.concrete or field.many_to_many):
        return None
    return field


def form_changes(form, *, added):
    """{field: {"old", "new"}} for what ``form`` changed on its saved instance."""
    obj = form.instance
    names = form.fields if added else form.changed_data
    changes = {}
    for name in names:
        field = _model_field(obj, name)
        if field is None:
            continue
        old = None if added else _value(field, form.initial.get(name))
        new = _value(field, field.value_from_object(obj))
        if old != new and not (added and new in (None, "", [], {})):
            changes[name] = {"old": old, "new": new}
    return changes


def object_values(obj, exclude=()):
    """Every stored value of ``obj``, as it is about to be deleted."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in SECRET_FIELDS or field.name in exclude:
            continue
        value = _plain(field.value_from_object(obj))
        if value not in (None, "", [], {}):
            values[field.name] = {"old": value, "new": None}
    return values


def _inline_entry(action, obj, fields, object_id=None):
    return {
        "action": action,
        "object_type": audit.object_label(obj),
        "object_id": str(obj.pk if object_id is None else object_id),
        "fields": fields,
    }


def _parent_link(formset):
    """The inline's foreign key to its parent, implied by the event's object."""
    fk = getattr(formset, "fk", None)
    return fk.name if fk is not None else None


def _deleting(formset):
    parent = _parent_link(formset)
    return [
        (form.instance, form.instance.pk, object_values(form.instance, exclude=[parent]))
        for form in formset.deleted_forms
        if form.instance.pk is not None
    ]


def inline_changes(formset, deleted):
    """What one saved inline formset did; ``deleted`` was read before it deleted."""
    entries = []
    added_ids = {id(obj) for obj in formset.new_objects}
    saved_ids = added_ids | {id(obj) for obj, _ in formset.changed_objects}
    for form in formset.forms:
        if id(form.instance) not in saved_ids:
            continue
        added = id(form.instance) in added_ids
        fields = {
            name: change
            for name, change in form_changes(form, added=added).items()
            if name != _parent_link(formset)
        }
        if fields or added:
            entries.append(_inline_entry("add" if added else "change", form.instance, fields))
    for obj, object_id, values in deleted:
        entries.append(_inline_entry("delete", obj, values, object_id))
    return entries


class AuditedAdminMixin:
    """Put first in the bases of every ModelAdmin of a record of DESIGN §2."""

    def save_related(self, request, form, formsets, change):
        # Read before the formsets delete: a deleted row has no primary key afterwards.
        deleted = {id(formset): _deleting(formset) for formset in formsets}
        super().save_related(request, form, formsets, change)
        details = {}
        fields = form_changes(form, added=not change)
        if fields:
            details["fields"] = fields
        inlines = [
            entry for formset in formsets for entry in inline_changes(formset, deleted[id(formset)])
        ]
        if inlines:
            details["inlines"] = inlines
        if details or not change:
            audit.record(
                "admin.change" if change else "admin.add",
                actor=request.user,
                obj=form.instance,
                details=details,
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
