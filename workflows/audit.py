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
   A transaction that numbers outgoing notes verbales locks the reference
   counter (notifications/notes/references.py) as its last row lock.
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

import datetime
import decimal
import hashlib
import hmac
import json
import math

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent
from .permissions import role_of

GENESIS_HASH = "0" * 64
# Arbitrary constant naming the audit chain's advisory lock.
CHAIN_LOCK_KEY = 0x4E4F4D494E41  # "NOMINA"
# Prefixes keep an event's hash and a checkpoint's signature from standing in for each other.
EVENT_DOMAIN = "nomina.audit.event.v2\n"
CHECKPOINT_DOMAIN = "nomina.audit.checkpoint.v2\n"

# Every stored field but the id and the hash itself.
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

_WIDE = decimal.Context(prec=5000)


def _plain(value):
    """JSON-compatible copy of ``details`` (dates and decimals become strings).

    NaN and the infinities are refused: jsonb cannot hold them.
    """
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder, allow_nan=False))
    except ValueError as error:
        raise ValueError(f"audit details must be finite numbers: {error}") from None


def _number(value):
    """A number by its value: jsonb keeps the decimal value of 1e20 but hands back 10**20."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("audit details must be finite numbers")
    number = decimal.Decimal(repr(value) if isinstance(value, float) else value)
    return "0" if number.is_zero() else str(number.normalize(_WIDE))


def canonical(value):
    """The one text of a JSON value: sorted keys, no spaces, ASCII, numbers by value."""
    if value is None or isinstance(value, (bool, str)):
        return json.dumps(value, ensure_ascii=True)
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, datetime.datetime):
        return json.dumps(_timestamp(value))
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        items = sorted((str(key), item) for key, item in value.items())
        return "{" + ",".join(f"{json.dumps(k)}:{canonical(v)}" for k, v in items) + "}"
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _timestamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _mac(domain, value, key=None):
    key = (key if key is not None else settings.NOMINA_AUDIT_KEY).encode()
    return hmac.new(key, (domain + canonical(value)).encode(), hashlib.sha256).hexdigest()


def compute_hash(event: AuditEvent, key=None) -> str:
    """HMAC-SHA256, under NOMINA_AUDIT_KEY, of the canonical text of the stored fields."""
    return _mac(EVENT_DOMAIN, {name: getattr(event, name) for name in HASHED_FIELDS}, key)


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


def first_broken_event(events=None, key=None):
    """The first event whose link or content does not verify, with why; or None."""
    expected_prev = GENESIS_HASH
    queryset = events if events is not None else AuditEvent.objects.order_by("id")
    for event in queryset.iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            return event, "its previous hash does not match the event before it"
        if not hmac.compare_digest(compute_hash(event, key), event.hash):
            return event, "its content does not match its hash"
        expected_prev = event.hash
    return None


# Checkpoints: the chain's head, signed, kept by the auditor outside the database.
CHECKPOINT_FIELDS = ("event_id", "hash", "count", "taken_at")


def take_checkpoint():
    """The newest event's id and hash and the number of events up to it, signed."""
    head = AuditEvent.objects.order_by("-id").values("id", "hash").first()
    # Events are numbered and committed in chain order (the chain lock), so
    # counting up to the head is consistent without locking anything.
    count = AuditEvent.objects.filter(id__lte=head["id"]).count() if head else 0
    checkpoint = {
        "event_id": head["id"] if head else None,
        "hash": head["hash"] if head else GENESIS_HASH,
        "count": count,
        "taken_at": _timestamp(timezone.now()),
    }
    checkpoint["signature"] = sign_checkpoint(checkpoint)
    return checkpoint


def sign_checkpoint(checkpoint, key=None):
    return _mac(CHECKPOINT_DOMAIN, {name: checkpoint[name] for name in CHECKPOINT_FIELDS}, key)


def checkpoint_is_signed(checkpoint, key=None):
    claimed = checkpoint.get("signature")
    if not isinstance(claimed, str) or set(checkpoint) != {*CHECKPOINT_FIELDS, "signature"}:
        return False
    try:
        expected = sign_checkpoint(checkpoint, key)
    except (TypeError, ValueError):  # not JSON numbers and strings: not ours
        return False
    return hmac.compare_digest(expected, claimed)


def checkpoint_problem(checkpoint):
    """Why the log no longer holds what a (signed) checkpoint saw; or None."""
    event_id, count = checkpoint["event_id"], checkpoint["count"]
    if event_id is None:
        return None
    seen = (
        f"the checkpoint of {checkpoint['taken_at']} saw event #{event_id} as the newest of {count}"
    )
    event = AuditEvent.objects.filter(pk=event_id).first()
    if event is None:
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        where = f"the log ends at event #{last}" if last else "the log is empty"
        return event_id, f"event #{event_id} is missing: {where}, but {seen}"
    if not hmac.compare_digest(event.hash, checkpoint["hash"]):
        return event_id, f"its hash is not the one {seen} had"
    held = AuditEvent.objects.filter(id__lte=event_id).count()
    if held != count:
        return event_id, f"{held} events lead up to it, but {seen}"
    return None
