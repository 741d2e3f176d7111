"""The one error type every refused state change raises."""


class TransitionError(Exception):
    """A transition that was refused; nothing was written.

    ``kind`` tells callers how to answer: ``forbidden`` (this role may never
    take it), ``conflict`` (not from the current state, a condition is not met,
    or a duplicate), ``invalid`` (bad input such as a missing reason) and
    ``unknown`` (no such transition).
    """

    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    INVALID = "invalid"
    UNKNOWN = "unknown"

    def __init__(self, kind, message, *, transition=None, state=None, field_errors=None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.transition = transition
        self.state = state
        self.field_errors = field_errors or {}

    def __str__(self):
        return self.message
