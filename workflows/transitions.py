"""The one place every state change goes through.

``take`` locks the row (and, through ``effects.before_transition``, the rows
its effects change, before any audit event: the lock order of
workflows/audit.py), checks the actor's role and the transition's conditions,
applies the django-fsm transition, saves, writes the audit event and queues the
outgoing messages, all in one database transaction. Views, the API, the admin,
commands and Celery tasks all call it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_fsm import FSMField

from . import audit
from .errors import TransitionError
from .fsm import fsm_meta, transition_names


@dataclass(frozen=True)
class Offer:
    """A transition the user's role may take, with why it cannot be taken now (if so)."""

    name: str
    target: str
    needs_reason: bool
    params: tuple
    why_not: str = ""

    @property
    def available(self):
        return not self.why_not


def _state_field(model_class):
    return next(f for f in model_class._meta.fields if isinstance(f, FSMField))


def _action(obj, name):
    return f"{obj._meta.model_name}.{name}"


def _check(obj, name, actor, reason, *, check_role=True):
    """Raise TransitionError unless ``actor`` may take ``name`` on ``obj`` now."""
    meta = fsm_meta(type(obj), name)
    if meta is None:
        raise TransitionError(
            TransitionError.UNKNOWN,
            _("there is no transition '%(name)s'") % {"name": name},
            transition=name,
        )
    state = _state_field(type(obj)).value_from_object(obj)
    # The role decides first: a role that may never take it gets 403 in any state.
    any_transition = next(iter(meta.transitions.values()))
    if check_role and not any_transition.has_perm(obj, actor):
        raise TransitionError(
            TransitionError.FORBIDDEN,
            _("your role may not take '%(name)s'") % {"name": name},
            transition=name,
            state=state,
        )
    transition = meta.get_transition(state)
    if transition is None or not meta.has_transition(state):
        raise TransitionError(
            TransitionError.CONFLICT,
            _("cannot %(name)s a %(object)s that is %(state)s")
            % {"name": name, "object": obj._meta.verbose_name, "state": state},
            transition=name,
            state=state,
        )
    problem = _unmet(obj, transition, actor)
    if problem:
        raise TransitionError(
            TransitionError.CONFLICT,
            _("cannot %(name)s: %(problem)s") % {"name": name, "problem": problem},
            transition=name,
            state=state,
        )
    if transition.custom.get("needs_reason") and not (reason or "").strip():
        raise TransitionError(
            TransitionError.INVALID,
            _("'%(name)s' needs a reason") % {"name": name},
            transition=name,
            state=state,
            field_errors={"reason": [_("This field is required.")]},
        )
    return transition


def take(obj, name, *, actor, reason="", **params):
    """Take transition ``name`` on ``obj`` as ``actor`` (None: the system).

    Returns the saved, locked copy of the object in its new state. A refusal
    raises TransitionError and writes nothing but, for a role that may never
    take it, a ``permission.denied`` audit event.
    """
    try:
        with transaction.atomic():
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            return apply(locked, name, actor=actor, reason=reason, **params)
    except TransitionError as error:
        if error.kind == TransitionError.FORBIDDEN:
            audit.record_alone(
                "permission.denied",
                actor=actor,
                obj=obj,
                from_state=error.state,
                details={"transition": name},
            )
        raise


def apply(locked, name, *, actor, reason="", check_role=True, **params):
    """The body of ``take`` on a row the caller has already locked in its transaction.

    ``check_role=False`` only for a transition that another one implies (a
    post's approve_shortlist settling its nominations).
    """
    model_class = type(locked)
    reason = (reason or "").strip()
    transition = _check(locked, name, actor, reason, check_role=check_role)
    from_state = _state_field(model_class).value_from_object(locked)
    unexpected = set(params) - set(transition.custom.get("params", ()))
    if unexpected:
        raise TransitionError(
            TransitionError.INVALID,
            _("'%(name)s' takes no %(params)s")
            % {"name": name, "params": ", ".join(sorted(unexpected))},
            transition=name,
            state=from_state,
        )
    from . import effects

    # The rows the effects change are locked now, before the audit chain lock.
    effects.before_transition(locked, name)
    getattr(locked, name)(**params)
    locked.save()
    to_state = _state_field(model_class).value_from_object(locked)
    event = audit.record(
        _action(locked, name),
        actor=actor,
        obj=locked,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        details=params,
    )
    effects.after_transition(locked, name, actor=actor, event=event)
    return locked


def _unmet(obj, transition, actor):
    """The first condition of ``transition`` that ``obj`` (and ``actor``) do not meet, in
    words, or None."""
    for condition in transition.conditions:
        if not condition(obj):
            return str(getattr(condition, "message", condition.__name__))
    actor_condition = transition.custom.get("actor_condition")
    if actor_condition is not None:
        return actor_condition(obj, actor) or None
    return None


# Why a transition is not offered in the object's state, per kind of object.
_NOT_NOW = {
    "post": gettext_lazy("not possible while the post is %(state)s"),
    "nomination": gettext_lazy("not possible while the nomination is %(state)s"),
}


def _not_now(obj, state):
    labels = dict(_state_field(type(obj)).choices)
    label = str(labels.get(state, state)).lower() if get_language() != "en" else state
    template = _NOT_NOW.get(obj._meta.model_name)
    if template is None:
        return _("not possible while the %(object)s is %(state)s") % {
            "object": obj._meta.verbose_name,
            "state": label,
        }
    return template % {"state": label}


def offered(obj, user):
    """Every transition ``user``'s role may take on ``obj``, each saying why it cannot be
    taken now if it cannot: what a page shows as buttons and as "not offered, because"."""
    state = _state_field(type(obj)).value_from_object(obj)
    offers = []
    for name in transition_names(type(obj)):
        meta = fsm_meta(type(obj), name)
        any_transition = next(iter(meta.transitions.values()))
        if not any_transition.has_perm(obj, user):
            continue
        transition = meta.get_transition(state)
        if transition is None:
            why_not = _not_now(obj, state)
        else:
            why_not = _unmet(obj, transition, user) or ""
        chosen = transition or any_transition
        offers.append(
            Offer(
                name=name,
                target=chosen.target,
                needs_reason=bool(chosen.custom.get("needs_reason")),
                params=tuple(chosen.custom.get("params", ())),
                why_not=why_not,
            )
        )
    return offers


def available(obj, user):
    """The transitions ``user`` may take on ``obj`` now, with what each needs."""
    return [offer for offer in offered(obj, user) if offer.available]
