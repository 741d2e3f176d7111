from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from anymail.signals import tracking

        from .tracking import on_tracking

        tracking.connect(on_tracking, dispatch_uid="nomina-outbox-tracking")
