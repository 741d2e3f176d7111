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
    """Every transition method name of the model, in definition order."""
    return [
        name
        for name, attr in vars(model_class).items()
        if getattr(attr, "_django_fsm", None) is not None
    ]
