"""What the deadline report says about the posts of a call that closed at one deadline.

Lateness is each nomination's own ``is_late``, fixed when it was logged from its note's
``received_at`` against the post's deadline: never from when the sweep runs. A fixed
number of queries whatever the number of nominations (rows are read as values).
"""

import dataclasses
import datetime

from django.db.models import Count, Q
from django.utils import timezone

from nominations.models import Nomination, Post
from workflows.deadlines import seat_zone

S = Nomination.Status
LIST_LIMIT = 100  # late and incomplete nominations listed per post in the PDF


@dataclasses.dataclass
class Listed:
    state: str
    candidate: str
    received_at: datetime.datetime | None
    status: str
    is_late: bool


@dataclasses.dataclass
class PostFigures:
    pk: int
    title: str
    deadline_date: datetime.date
    on_time: int = 0
    incomplete: int = 0
    late_waiting: int = 0
    late_accepted: int = 0
    late_rejected: int = 0
    withdrawn: int = 0
    late: list = dataclasses.field(default_factory=list)
    incomplete_list: list = dataclasses.field(default_factory=list)
    not_nominated: list = dataclasses.field(default_factory=list)  # English names

    @property
    def late_total(self):
        return self.late_waiting + self.late_accepted + self.late_rejected


@dataclasses.dataclass
class Report:
    call: object
    deadline: datetime.datetime
    generated_at: datetime.datetime
    posts: list
    addressed: int
    list_limit: int = LIST_LIMIT

    @property
    def deadline_date(self):
        return self.posts[0].deadline_date if self.posts else None

    def nominations(self):
        """Every nomination of the report's posts, for the spreadsheet (one query)."""
        return (
            Nomination.objects.filter(post_id__in=[post.pk for post in self.posts])
            .order_by("post_id", "member_state__name_en", "id")
            .values_list(
                "post__title",
                "member_state__code",
                "member_state__name_en",
                "candidate__full_name",
                "note_verbale__received_at",
                "is_late",
                "status",
            )
            .iterator(chunk_size=2000)
        )


COUNTS = {
    "on_time": Q(is_late=False) & ~Q(status=S.WITHDRAWN),
    "incomplete": Q(status=S.INCOMPLETE),
    "late_waiting": Q(status=S.LATE),
    "late_accepted": Q(is_late=True) & ~Q(status__in=[S.LATE, S.REJECTED, S.WITHDRAWN]),
    "late_rejected": Q(status=S.REJECTED),
    "withdrawn": Q(status=S.WITHDRAWN),
}


def gather(call, deadline, now=None):
    posts = {
        post.pk: PostFigures(post.pk, post.title, post.deadline_date)
        for post in Post.objects.filter(call=call, deadline=deadline)
        .exclude(status__in=[Post.Status.DRAFT, Post.Status.CANCELLED])
        .order_by("id")
        .only("id", "title", "deadline_date")
    }
    of_posts = Nomination.objects.filter(post_id__in=list(posts)).order_by()
    for row in of_posts.values("post_id").annotate(
        **{name: Count("pk", filter=condition) for name, condition in COUNTS.items()}
    ):
        figures = posts[row.pop("post_id")]
        for name, value in row.items():
            setattr(figures, name, value)
    listed = (
        of_posts.filter(Q(is_late=True) | Q(status=S.INCOMPLETE))
        .order_by("post_id", "member_state__name_en", "id")
        .values_list(
            "post_id",
            "member_state__name_en",
            "candidate__full_name",
            "note_verbale__received_at",
            "status",
            "is_late",
        )
    )
    for post_id, *values in listed:
        item = Listed(*values)
        figures = posts[post_id]
        if item.is_late and len(figures.late) < LIST_LIMIT:
            figures.late.append(item)
        if item.status == S.INCOMPLETE and len(figures.incomplete_list) < LIST_LIMIT:
            figures.incomplete_list.append(item)
    # "Did not nominate" a post: no nomination for it, or only withdrawn ones.
    nominated = set(
        of_posts.exclude(status=S.WITHDRAWN).values_list("post_id", "member_state_id").distinct()
    )
    states = list(call.addressee_states().order_by("name_en").values_list("id", "name_en"))
    for figures in posts.values():
        figures.not_nominated = [name for pk, name in states if (figures.pk, pk) not in nominated]
    return Report(
        call=call,
        deadline=deadline,
        generated_at=(now or timezone.now()).astimezone(seat_zone()),
        posts=list(posts.values()),
        addressed=len(states),
    )
