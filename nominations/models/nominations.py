from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from workflows import permissions
from workflows.fsm import condition


@condition(_("a CV and the candidate's contact details (e-mail or phone) are required"))
def has_cv_and_contact(nomination):
    return (
        nomination.candidate.has_contact_details and nomination.documents.filter(kind="cv").exists()
    )


@condition(_("the post is not being shortlisted"))
def post_in_shortlisting(nomination):
    return nomination.post.status == "shortlisting"


class NominationQuerySet(models.QuerySet):
    EXECUTIVE_POST_STATES = ["shortlisting", "shortlisted"]
    EXECUTIVE_STATES = ["complete", "eligible", "ineligible", "shortlisted", "not_shortlisted"]

    def for_user(self, user):
        """The nominations this user may see at all; everything else is a 404."""
        if permissions.is_secretariat(user):
            return self
        if permissions.is_mission(user):
            return self.filter(member_state_id=user.member_state_id)
        if permissions.is_executive(user):
            return self.filter(
                post__status__in=self.EXECUTIVE_POST_STATES, status__in=self.EXECUTIVE_STATES
            )
        return self.none()

    def cross_state_matches(self):
        """Nominations of a person whom another member state has nominated too, for any
        post: a case for the Secretariat, never shown to a mission."""
        return self.filter(
            Exists(
                Nomination.objects.filter(
                    candidate__identity=OuterRef("candidate__identity")
                ).exclude(member_state=OuterRef("member_state"))
            )
        )


class Nomination(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        LATE = "late", _("Late")
        INCOMPLETE = "incomplete", _("Incomplete")
        COMPLETE = "complete", _("Complete")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Ineligible")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        NOT_SHORTLISTED = "not_shortlisted", _("Not Shortlisted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    NON_FINAL = [Status.RECEIVED, Status.LATE, Status.INCOMPLETE, Status.COMPLETE, Status.ELIGIBLE]
    # Waiting for a Secretariat decision: the post cannot go to shortlisting yet.
    PENDING = [Status.RECEIVED, Status.INCOMPLETE, Status.LATE]

    post = models.ForeignKey("Post", on_delete=models.PROTECT, related_name="nominations")
    member_state = models.ForeignKey(
        "MemberState", on_delete=models.PROTECT, related_name="nominations"
    )
    candidate = models.ForeignKey("Candidate", on_delete=models.PROTECT, related_name="nominations")
    note_verbale = models.ForeignKey(
        "NoteVerbale", on_delete=models.PROTECT, related_name="nominations"
    )
    # Classified once, by the note's received_at against the post's deadline.
    is_late = models.BooleanField(default=False)
    status = FSMField(
        default=Status.RECEIVED, choices=Status.choices, protected=True, db_index=True
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        # The lists' order, for everyone and within a member state: a page is read off
        # the index instead of sorting every nomination first.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="nomination_list_order"),
            models.Index(
                fields=["member_state", "-created_at", "-id"], name="nomination_state_list_order"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "candidate"], name="one_nomination_per_candidate_and_post"
            )
        ]

    def __str__(self):
        return f"{self.candidate} for {self.post} ({self.member_state.code})"

    @property
    def received_at(self):
        return self.note_verbale.received_at

    def by_other_states(self):
        """The other member states' nominations of the same person (for the Secretariat)."""
        return Nomination.objects.filter(candidate__identity=self.candidate.identity).exclude(
            member_state_id=self.member_state_id
        )

    @transition(
        field=status,
        source=Status.RECEIVED,
        target=Status.INCOMPLETE,
        permission=permissions.secretariat_may,
        custom={"needs_reason": True},
    )
    def mark_incomplete(self):
        pass

    @transition(
        field=status,
        source=[Status.RECEIVED, Status.INCOMPLETE],
        target=Status.COMPLETE,
        conditions=[has_cv_and_contact],
        permission=permissions.secretariat_may,
    )
    def confirm_complete(self):
        pass

    @transition(
        field=status,
        source=Status.LATE,
        target=Status.RECEIVED,
        permission=permissions.secretariat_may,
        custom={"needs_reason": True},
    )
    def accept_late(self):
        pass

    @transition(
        field=status,
        source=Status.LATE,
        target=Status.REJECTED,
        permission=permissions.secretariat_may,
        custom={"needs_reason": True},
    )
    def reject_late(self):
        pass

    @transition(
        field=status,
        source=Status.COMPLETE,
        target=Status.ELIGIBLE,
        conditions=[post_in_shortlisting],
        permission=permissions.executive_may,
    )
    def screen_eligible(self):
        pass

    @transition(
        field=status,
        source=Status.COMPLETE,
        target=Status.INELIGIBLE,
        conditions=[post_in_shortlisting],
        permission=permissions.executive_may,
        custom={"needs_reason": True},
    )
    def screen_ineligible(self):
        pass

    @transition(
        field=status,
        source=Status.ELIGIBLE,
        target=Status.SHORTLISTED,
        permission=permissions.only_through_the_post,
        custom={"internal": True},
    )
    def mark_shortlisted(self):
        pass

    @transition(
        field=status,
        source=Status.ELIGIBLE,
        target=Status.NOT_SHORTLISTED,
        permission=permissions.only_through_the_post,
        custom={"internal": True},
    )
    def mark_not_shortlisted(self):
        pass

    @transition(
        field=status,
        source=NON_FINAL,
        target=Status.WITHDRAWN,
        permission=permissions.may_withdraw,
        custom={"needs_reason": True},
    )
    def withdraw(self):
        pass
