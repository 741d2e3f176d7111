"""Small helpers around django-fsm: conditions that can say why they fail."""

from django_fsm import FSMMeta


def condition(message):
    """Mark a django-fsm condition with the sentence shown when it is not met."""

    def decorate(func):
        func.message = message
        return func

    return decorate


def fsm_meta(model_class, name) -> FSMMeta | None:
    method = getattr(model_class, name, None)
    return getattr(method, "_django_fsm", None)


def transition_names(model_class):
    """The transitions a person may ask for by name, in definition order.

    Transitions marked ``custom={"internal": True}`` are only ever implied by
    another one (a post's approve_shortlist settles its nominations) and are left out.
    """
    names = []
    for name, attr in vars(model_class).items():
        meta = getattr(attr, "_django_fsm", None)
        if meta is None:
            continue
        if any(t.custom.get("internal") for t in meta.transitions.values()):
            continue
        names.append(name)
    return names
