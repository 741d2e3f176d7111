from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Workflows and audit log"

    def ready(self):
        from . import signals  # noqa: F401
