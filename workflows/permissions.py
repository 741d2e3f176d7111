"""Who may do what, as small named predicates.

django-fsm does not check a transition's ``permission=`` when the method is
called; the transition service does, with these. ``user is None`` is the
system itself (the scheduler).
"""

from accounts import roles


def role_of(user):
    if user is None:
        return roles.SYSTEM
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.role


def is_system(user):
    return user is None


def is_secretariat(user):
    return role_of(user) == roles.SECRETARIAT


def is_mission(user):
    return role_of(user) == roles.MISSION and user.member_state_id is not None


def is_executive(user):
    return role_of(user) == roles.EXECUTIVE


def is_auditor(user):
    return role_of(user) == roles.AUDITOR


def is_own_state(user, obj):
    return is_mission(user) and obj.member_state_id == user.member_state_id


# Transition permissions: django-fsm calls them as permission(instance, user).


def secretariat_may(instance, user):
    return is_secretariat(user)


def secretariat_or_scheduler_may(instance, user):
    return is_secretariat(user) or is_system(user)


def executive_may(instance, user):
    return is_executive(user)


def may_withdraw(instance, user):
    return is_secretariat(user) or is_own_state(user, instance)


def may_upload(instance, user):
    return is_secretariat(user) or is_own_state(user, instance)


def only_through_the_post(instance, user):
    """Shortlisting outcomes are set by the post's approve_shortlist, never directly."""
    return False
