from django import forms
from django.contrib import admin

from workflows.admin_actions import transition_actions
from workflows.admin_audit import AuditedAdminMixin

from .models import (
    Call,
    Candidate,
    Competency,
    Document,
    MemberState,
    Nomination,
    NoteVerbale,
    Post,
    PostCompetency,
    ShortlistProposal,
)


@admin.register(MemberState)
class MemberStateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_en", "region", "is_member", "is_represented", "language"]
    list_filter = ["region", "is_member", "is_represented", "language"]
    search_fields = ["code", "name_en", "name_fr", "name_es"]


@admin.register(Competency)
class CompetencyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "code", "position"]
    list_filter = ["kind"]


DEADLINE_MOVES_BY_TRANSITION = (
    "Fixed once a post has left draft: move it with the extend deadline or reopen action."
)


class PostForm(forms.ModelForm):
    """A post's deadline is the Secretariat's to set while the post is a draft; after
    that it moves only through extend_deadline and reopen, which tell the missions.
    Its call is fixed then too: the missions were sent the post under that call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.status != Post.Status.DRAFT):
            return
        for name, help_text in [
            ("deadline_date", DEADLINE_MOVES_BY_TRANSITION),
            ("call", "Fixed once the post has left draft."),
        ]:
            field = self.fields.get(name)
            if field is not None:
                field.disabled = True
                field.help_text = help_text


class CallForm(forms.ModelForm):
    """The call's published deadline is fixed once any of its posts has left draft."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("deadline_date")
        if (
            field is not None
            and self.instance.pk
            and self.instance.posts.exclude(status=Post.Status.DRAFT).exists()
        ):
            field.disabled = True
            field.help_text = "Fixed once a post of the call has left draft."


class PostInline(admin.TabularInline):
    model = Post
    form = PostForm
    fields = ["title", "duty_station", "grade", "deadline_date", "status"]
    readonly_fields = ["status"]
    extra = 0
    show_change_link = True


@admin.register(Call)
class CallAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = CallForm
    list_display = ["reference", "title", "issued_on", "deadline_date"]
    search_fields = ["reference", "title"]
    inlines = [PostInline]


class PostCompetencyInline(admin.TabularInline):
    model = PostCompetency
    extra = 0


@admin.register(Post)
class PostAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = PostForm
    list_display = ["title", "call", "duty_station", "deadline_date", "status"]
    list_filter = ["status", "call"]
    search_fields = ["title", "call__reference"]
    readonly_fields = ["status", "deadline"]
    inlines = [PostCompetencyInline]
    actions = transition_actions(Post)

    def has_delete_permission(self, request, obj=None):
        # Once issued, a post ends through cancel, which tells the missions.
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.status == Post.Status.DRAFT
        )


@admin.register(NoteVerbale)
class NoteVerbaleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "direction", "kind", "member_state", "received_at", "channel"]
    list_filter = ["direction", "kind", "channel"]
    search_fields = ["reference", "member_state__code", "member_state__name_en"]
    list_select_related = ["member_state"]
    autocomplete_fields = ["member_state"]
    # Notes are logged through the intake, which classifies their nominations by
    # received_at: changing when or from whom a note came would undo that.
    readonly_fields = ["direction", "member_state", "call", "received_at", "channel", "logged_by"]

    def get_readonly_fields(self, request, obj=None):
        # An outgoing note is what was sent, under its number: it is never edited.
        if obj is not None and obj.direction == NoteVerbale.Direction.OUTGOING:
            return [field.name for field in obj._meta.fields] + ["posts"]
        return self.readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Candidate)
class CandidateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "nationality", "gender", "email"]
    search_fields = ["full_name", "email"]
    list_select_related = ["nationality"]
    autocomplete_fields = ["nationality"]
    readonly_fields = ["member_state"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = Document
    fk_name = "nomination"
    fields = ["kind", "version", "original_name", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["candidate", "post", "member_state", "status", "is_late", "created_at"]
    list_filter = ["status", "is_late", "post"]
    search_fields = ["candidate__full_name", "member_state__code"]
    list_select_related = ["candidate", "post", "member_state"]
    readonly_fields = [
        "status",
        "is_late",
        "post",
        "member_state",
        "candidate",
        "note_verbale",
        "logged_by",
    ]
    inlines = [DocumentInline]
    actions = transition_actions(Nomination)

    def has_add_permission(self, request):
        # Logged through the workbench or the API, which classify them by the deadline.
        return False

    def has_delete_permission(self, request, obj=None):
        # A nomination ends through withdraw or a decision, never by disappearing.
        return False


@admin.register(Document)
class DocumentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "version", "nomination", "size", "uploaded_at"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ShortlistProposal)
class ShortlistProposalAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["post", "proposed_by", "created_at"]
    readonly_fields = ["post", "proposed_by", "nominations", "comment", "created_at"]

    def has_add_permission(self, request):
        return False
