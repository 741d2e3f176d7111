"""Writing and verifying the hash-chained audit log.

``record`` must run inside the transaction of the change it records. Appends
are serialised (a PostgreSQL advisory lock, the chain lock, held to the end of
the transaction) so each event links to the one committed before it.

Lock order, for every transaction that writes (PostgreSQL):

1. Row locks first: the object a change is about (``take`` and the services
   lock it ``FOR UPDATE``), parents before children (a post before its
   nominations), several rows of one table in ascending id. A transition
   whose effects change other rows locks them before its first event
   (``effects.LOCKS``: approve_shortlist locks the post's eligible nominations).
2. The chain lock last, taken by the first ``record`` of the transaction.
   From then until commit the transaction takes no new row lock: it changes
   only rows it already holds, and inserts.

Why the chain lock last rather than first: every writing transaction shares
it, so taking it last keeps the serialised part short (from the first event
to commit, not the locking, checking and file storage of an upload), and it
is the order the code has naturally (change, then record). A transaction
holding the chain lock never waits for a row another transaction holds, so
no wait cycle can pass through it. Inserts lock the rows they reference only
``FOR KEY SHARE``, which ordinary updates do not block; do not lock a row
``FOR UPDATE`` after recording. tests/workflows/test_lock_order.py runs an
approval, a withdrawal and an upload at once.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent
from .permissions import role_of

GENESIS_HASH = "0" * 64
# Arbitrary constant naming the audit chain's advisory lock.
CHAIN_LOCK_KEY = 0x4E4F4D494E41  # "NOMINA"

HASHED_FIELDS = (
    "created_at",
    "actor_id",
    "actor_label",
    "actor_role",
    "object_type",
    "object_id",
    "action",
    "from_state",
    "to_state",
    "reason",
    "details",
    "prev_hash",
)


def _plain(value):
    """JSON-compatible copy, so what is stored is exactly what was hashed."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def compute_hash(event: AuditEvent) -> str:
    payload = {name: getattr(event, name) for name in HASHED_FIELDS}
    payload["created_at"] = event.created_at.isoformat()
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_chain():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def object_label(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}" if obj is not None else ""


def record(action, *, actor, obj=None, from_state="", to_state="", reason="", details=None):
    """Append one event. Call inside the transaction that makes the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of their change.")
    _lock_chain()
    previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        created_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=actor.email if authenticated else ("system" if actor is None else "anonymous"),
        actor_role=role_of(actor) or "",
        object_type=object_label(obj),
        object_id=str(obj.pk) if obj is not None else "",
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        details=_plain(details or {}),
        prev_hash=previous or GENESIS_HASH,
    )
    event.hash = compute_hash(event)
    event.save(force_insert=True)
    return event


def record_alone(action, **kwargs):
    """Record an event that has no change of its own (a refusal, a failed login)."""
    with transaction.atomic():
        return record(action, **kwargs)


def first_broken_event(events=None):
    """The first event whose link or content does not verify, with why; or None."""
    expected_prev = GENESIS_HASH
    queryset = events if events is not None else AuditEvent.objects.order_by("id")
    for event in queryset.iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            return event, "its previous hash does not match the event before it"
        if compute_hash(event) != event.hash:
            return event, "its content does not match its hash"
        expected_prev = event.hash
    return None
