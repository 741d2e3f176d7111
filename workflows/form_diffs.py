"""What a saved form or inline formset changed, as the audit log stores it.

``form_changes`` gives ``{field: {"old": ..., "new": ...}}`` for a saved model form;
``inline_changes`` the rows an inline formset added, changed or deleted (read
``deleted_rows`` before the formset saves). The admin (``admin_audit``) and the
workbench's forms record their edits with these, so a change reads the same
in the log wherever it was made. Related objects are named by their primary key;
a password, or its hash, never appears.
"""

import datetime
import decimal
import uuid

from django.core.exceptions import FieldDoesNotExist
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


def deleted_rows(formset):
    """The rows ``formset`` is about to delete, with their last values."""
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


def record_saved_form(action, *, actor, form, added, inlines=()):
    """Write the audit event of ``form`` just saved, with its inline formsets' rows.

    ``inlines`` holds ``(formset, deleted_rows(formset))`` pairs, each read before its
    formset saved. An unchanged form writes nothing; a new object always an event.
    Call inside the save's transaction.
    """
    details = {}
    fields = form_changes(form, added=added)
    if fields:
        details["fields"] = fields
    rows = [entry for formset, deleted in inlines for entry in inline_changes(formset, deleted)]
    if rows:
        details["inlines"] = rows
    if details or added:
        audit.record(action, actor=actor, obj=form.instance, details=details)
