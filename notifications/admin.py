import datetime

from django import forms
from django.contrib import admin

from accounts.mail import SECRET_LINK_KINDS
from nominations.models import MemberState
from workflows.admin_audit import AuditedAdminMixin

from .models import NoteTemplate, OutgoingMessage
from .notes import outgoing, overrides


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "member_state", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["idempotency_key", "subject", "esp_message_id"]
    readonly_fields = [f.name for f in OutgoingMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def get_fields(self, request, obj=None):
        # An invitation's or a reset's body holds its one-time link: whoever reads the
        # outbox must not be able to use it (accounts/mail.py).
        fields = super().get_fields(request, obj)
        if obj is not None and obj.kind in SECRET_LINK_KINDS:
            return [field for field in fields if field != "body"]
        return fields


# The state a wording is tried on before it is saved: every value a note of its kind gives.
SPECIMEN_STATE = {"code": "FRA", "name_en": "France", "name_fr": "France", "name_es": "Francia"}


def try_out(kind, language, text):
    """Render ``text`` as a note of ``kind`` would be; raise what rendering raises."""
    state = MemberState(**SPECIMEN_STATE, language=language)
    draft = outgoing.Draft(state, key="", posts=[])
    return outgoing.render(
        kind,
        draft,
        call=None,
        reference="EO/000/2026",
        dated_on=datetime.date(2026, 12, 1),
        overridden={language: text},
    )


class NoteTemplateForm(forms.ModelForm):
    class Meta:
        model = NoteTemplate
        fields = ["kind", "language", "text", "is_active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 30, "cols": 110})}

    def clean(self):
        data = super().clean()
        kind, language = data.get("kind"), data.get("language")
        if not kind or not language:
            return data
        if not (data.get("text") or "").strip():
            data["text"] = overrides.file_text(kind, language)
        try:
            try_out(kind, language, data["text"])
        except Exception as error:  # noqa: BLE001 - any refusal is the editor's to read
            self.add_error("text", f"This wording cannot be used: {error}")
        return data


@admin.register(NoteTemplate)
class NoteTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The Secretariat's own wording of a kind of note in a language (see the README,
    "Outgoing notes verbales"): tried on a specimen before it is saved, used by the notes
    numbered after."""

    form = NoteTemplateForm
    list_display = ["kind", "language", "is_active", "updated_at"]
    list_filter = ["kind", "language", "is_active"]
