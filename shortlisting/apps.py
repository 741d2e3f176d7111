from django.apps import AppConfig


class ShortlistingConfig(AppConfig):
    name = "shortlisting"
    verbose_name = "Shortlisting: side by side, four-eyes shortlist, release, exports"
