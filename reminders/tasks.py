from celery import shared_task

from . import sweep


@shared_task
def send_due_reminders():
    """Beat, every minute: the reminders due now (reminders/sweep.py)."""
    return sweep.sweep()
