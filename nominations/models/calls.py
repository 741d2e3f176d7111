from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from workflows import permissions
from workflows.deadlines import closing_instant
from workflows.errors import TransitionError
from workflows.fsm import condition

from .choices import Language
from .competencies import LEVELS, Competency, framework_kind_problem, level_problem
from .member_states import MemberState


class CallQuerySet(models.QuerySet):
    def for_user(self, user):
        """Calls with at least one post this user may see."""
        if permissions.is_secretariat(user):
            return self
        return self.filter(pk__in=Post.objects.for_user(user).values("call_id"))


class Call(models.Model):
    """One call for nominations, sent as a note verbale to the missions it is addressed to.

    What the call does not state stays empty (null for dates): "not stated", never a guess.
    """

    class Addressees(models.TextChoices):
        MEMBERS = "members", _("All member states")
        CHOSEN = "chosen", _("Chosen member states")

    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    # The date as published ("by 15 November 2023") and the exclusive instant it closes.
    # Empty while a draft states none; issuing a post requires it.
    deadline_date = models.DateField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, editable=False)
    place = models.CharField("place of issue", max_length=80, blank=True)
    addressee_line = models.CharField(
        max_length=300,
        blank=True,
        help_text="As the note words it: 'To: Permanent Representatives of Member States of ...'",
    )
    enquiry_email = models.EmailField("enquiry address", blank=True)
    addressees = models.CharField(
        max_length=8, choices=Addressees.choices, default=Addressees.MEMBERS
    )
    addressed_states = models.ManyToManyField(
        MemberState,
        blank=True,
        related_name="calls_addressed",
        help_text="Only for a call to chosen member states (a sponsored post).",
    )
    note_verbale_text = models.TextField(blank=True)
    reminder_days = models.JSONField("reminder days before the deadline", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline_date", "reference"]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.deadline = closing_instant(self.deadline_date) if self.deadline_date else None
        if not self.reminder_days:
            self.reminder_days = [14, 7, 1]
        super().save(*args, **kwargs)
        if self.deadline_date:
            # Posts that took their deadline from the call while it stated none.
            self.posts.filter(deadline_date__isnull=True).update(
                deadline_date=self.deadline_date, deadline=self.deadline
            )

    def addressee_states(self):
        """The member states whose missions this call goes to."""
        if self.addressees == self.Addressees.MEMBERS:
            return MemberState.objects.filter(is_member=True)
        return self.addressed_states.all()

    @property
    def is_issued(self):
        """The call has gone out: one of its posts has left draft."""
        return self.pk is not None and self.posts.exclude(status="draft").exists()

    def check_takes_new_posts(self):
        """Raise ValidationError once the call is issued: the missions were sent its posts,
        and a post added now would never have been announced to them."""
        if self.is_issued:
            raise ValidationError(
                f"Call {self.reference} has already been issued, so no post can be added to it; "
                "put the new post in a new call.",
                code="call_issued",
            )


class Degree(models.TextChoices):
    NONE = "none", _("No degree required")
    BACHELORS = "bachelors", _("Bachelor's degree")
    MASTERS = "masters", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


@condition(_("the terms of reference are incomplete (title, duty station, background and duties)"))
def terms_of_reference_complete(post):
    return bool(post.title and post.duty_station and post.duties and post.background)


@condition(_("no deadline is stated yet"))
def deadline_stated(post):
    return post.deadline is not None


@condition(_("the call is addressed to no member state"))
def call_has_addressees(post):
    call = post.call
    return call.addressees == Call.Addressees.MEMBERS or call.addressed_states.exists()


@condition(_("the deadline has already passed"))
def deadline_in_future(post):
    return post.deadline > timezone.now()


@condition(_("the deadline has not passed yet"))
def deadline_passed(post):
    return post.deadline <= timezone.now()


@condition(
    _("some nominations still wait for a Secretariat decision (received, incomplete or late)")
)
def no_nomination_pending(post):
    return not post.nominations.filter(status__in=["received", "incomplete", "late"]).exists()


@condition(_("no shortlist has been proposed (or the last one was sent back)"))
def shortlist_proposed(post):
    return post.shortlist_proposals.pending().exists()


@condition(_("some complete nominations have not been screened"))
def all_screened(post):
    return not post.nominations.filter(status="complete").exists()


def other_executive_proposed(post, user):
    """Four eyes: the approver is not the one who proposed the pending shortlist."""
    proposal = post.shortlist_proposals.pending().first()
    if proposal is not None and user is not None and proposal.proposed_by_id == user.pk:
        return "the shortlist must be approved by another executive than the one who proposed it"
    return None


class PostQuerySet(models.QuerySet):
    def for_user(self, user):
        """Drafts are the Secretariat's; the executive office works from shortlisting on."""
        if permissions.is_secretariat(user):
            return self
        if permissions.is_executive(user):
            return self.filter(status__in=["shortlisting", "shortlisted"])
        if permissions.is_mission(user):
            return self.exclude(status="draft").filter(_seen_by_state(user.member_state_id))
        if permissions.is_auditor(user):
            return self.exclude(status="draft")
        return self.none()


def _seen_by_state(state_id):
    """A mission sees the posts of the calls addressed to its state (a call to every member
    state, if it is one; a call naming it) and those it has nominated for; another call's
    posts answer as if they did not exist."""
    from .nominations import Nomination

    is_member = MemberState.objects.filter(pk=state_id, is_member=True)
    named = Call.addressed_states.through.objects.filter(memberstate_id=state_id)
    nominated = Nomination.objects.filter(member_state_id=state_id)
    return (
        (Q(call__addressees=Call.Addressees.MEMBERS) & Exists(is_member))
        | Q(call__in=named.values("call_id"))
        | Q(pk__in=nominated.values("post_id"))
    )


class Post(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        SHORTLISTING = "shortlisting", _("Shortlisting")
        SHORTLISTED = "shortlisted", pgettext_lazy("post status", "Shortlisted")
        CANCELLED = "cancelled", _("Cancelled")

    NON_FINAL = [Status.DRAFT, Status.OPEN, Status.CLOSED, Status.SHORTLISTING]

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=200)
    duty_station = models.CharField(max_length=120)
    grade = models.CharField(max_length=40, blank=True)
    organizational_unit = models.CharField(max_length=200, blank=True)
    reports_to = models.CharField(max_length=200, blank=True)
    # Terms of reference.
    background = models.TextField(blank=True)
    # The sentence that introduces the list of duties ("... In particular, she/he will:").
    duties_intro = models.TextField("introduction of the duties", blank=True)
    duties = models.JSONField(default=list, blank=True)
    other_requirements = models.TextField(blank=True)
    # Eligibility criteria.
    min_degree = models.CharField(max_length=12, choices=Degree.choices, default=Degree.NONE)
    education = models.TextField(blank=True)
    min_years_experience = models.PositiveSmallIntegerField(default=0)
    experience = models.TextField(blank=True)
    required_languages = models.JSONField(default=list, blank=True)
    asset_languages = models.JSONField(default=list, blank=True)
    languages_text = models.TextField(blank=True)
    # The competencies are the post's required_competencies, as its terms of reference word them.
    # A post may be extended or reopened apart from its call's other posts.
    deadline_date = models.DateField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, editable=False, db_index=True)
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["call", "id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.deadline_date is None:
            self.deadline_date = self.call.deadline_date
        self.deadline = closing_instant(self.deadline_date) if self.deadline_date else None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.call_id is None:
            return
        stays = Post.objects.filter(pk=self.pk, call_id=self.call_id)
        if self.pk is None or not stays.exists():
            self.call.check_takes_new_posts()

    def _move_deadline(self, deadline_date, *, must_be_future):
        if deadline_date is None:
            raise TransitionError(
                TransitionError.INVALID,
                gettext("a new deadline date is required"),
                field_errors={"deadline_date": [gettext("This field is required.")]},
            )
        if deadline_date <= self.deadline_date:
            raise TransitionError(
                TransitionError.INVALID,
                gettext("the new deadline must be later than %(day)s")
                % {"day": self.deadline_date.isoformat()},
                field_errors={
                    "deadline_date": [gettext("Must be later than the current deadline.")]
                },
            )
        if must_be_future and closing_instant(deadline_date) <= timezone.now():
            raise TransitionError(
                TransitionError.INVALID,
                gettext("the new deadline must be in the future"),
                field_errors={"deadline_date": [gettext("Must be in the future.")]},
            )
        self.deadline_date = deadline_date
        self.deadline = closing_instant(deadline_date)

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.OPEN,
        # deadline_stated before deadline_in_future, which compares the deadline.
        conditions=[
            terms_of_reference_complete,
            deadline_stated,
            deadline_in_future,
            call_has_addressees,
        ],
        permission=permissions.secretariat_may,
    )
    def issue_call(self):
        pass

    @transition(
        field=status,
        source=Status.OPEN,
        target=Status.CLOSED,
        conditions=[deadline_passed],
        permission=permissions.secretariat_or_scheduler_may,
    )
    def close_nominations(self):
        pass

    @transition(
        field=status,
        source=Status.OPEN,
        target=Status.OPEN,
        permission=permissions.secretariat_may,
        custom={"needs_reason": True, "params": ["deadline_date"]},
    )
    def extend_deadline(self, deadline_date=None):
        self._move_deadline(deadline_date, must_be_future=True)

    @transition(
        field=status,
        source=Status.CLOSED,
        target=Status.OPEN,
        permission=permissions.secretariat_may,
        custom={"needs_reason": True, "params": ["deadline_date"]},
    )
    def reopen(self, deadline_date=None):
        self._move_deadline(deadline_date, must_be_future=True)

    @transition(
        field=status,
        source=Status.CLOSED,
        target=Status.SHORTLISTING,
        conditions=[no_nomination_pending],
        permission=permissions.secretariat_may,
    )
    def start_shortlisting(self):
        pass

    @transition(
        field=status,
        source=Status.SHORTLISTING,
        target=Status.SHORTLISTED,
        conditions=[shortlist_proposed, no_nomination_pending, all_screened],
        permission=permissions.executive_may,
        custom={"actor_condition": other_executive_proposed},
    )
    def approve_shortlist(self):
        pass

    @transition(
        field=status,
        source=NON_FINAL,
        target=Status.CANCELLED,
        permission=permissions.secretariat_may,
        custom={"needs_reason": True},
    )
    def cancel(self):
        pass


class PostCompetency(models.Model):
    """One value or competency of a post, as its call words it.

    The framework entry (seed 000) is the one whose behavioural indicators apply, where
    there is one: a call may split, rename or add to the framework's entries.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="required_competencies")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the call's list")
    kind = models.CharField(max_length=12, choices=Competency.Kind.choices)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Empty for a value (not levelled) or where the terms of reference state none.",
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="framework entry",
        help_text="The entry of the competency framework whose indicators apply, if any.",
    )

    class Meta:
        ordering = ["post", "position", "id"]
        verbose_name = "post competency"
        verbose_name_plural = "post competencies"
        constraints = [
            models.UniqueConstraint(fields=["post", "name"], name="unique_post_competency_name"),
            models.CheckConstraint(
                condition=Q(level__isnull=True)
                | reduce(
                    or_,
                    (Q(kind=kind, level__in=levels) for kind, levels in LEVELS.items() if levels),
                ),
                name="post_competency_level_fits_kind",
                violation_error_message="The level does not fit this kind of competency.",
            ),
        ]

    def __str__(self):
        level = f"level {self.level}" if self.level is not None else "level not stated"
        return self.name if self.kind == Competency.Kind.VALUE else f"{self.name} ({level})"

    def clean(self):
        errors = {}
        problem = level_problem(self.kind, self.level)
        if problem:
            errors["level"] = problem
        problem = framework_kind_problem(self.competency if self.competency_id else None, self.kind)
        if problem:
            errors["competency"] = problem
        if errors:
            raise ValidationError(errors)


__all__ = ["Call", "Degree", "Language", "Post", "PostCompetency"]
