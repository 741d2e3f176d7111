from django.db import models


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "French"
    SPANISH = "es", "Spanish"


# The languages a post may require or count as an asset (the API takes the same codes).
POST_LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ar", "Arabic"),
    ("zh", "Chinese"),
    ("ru", "Russian"),
    ("pt", "Portuguese"),
    ("de", "German"),
]


class Region(models.TextChoices):
    AFRICA = "Africa"
    AMERICAS = "Americas"
    ASIA = "Asia"
    EUROPE = "Europe"
    OCEANIA = "Oceania"
