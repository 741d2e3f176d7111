"""English dates as the organization writes them (1 December 2026, 14:30), not Django's
American defaults (Dec. 1, 2026, 2:30 p.m.). French and Spanish keep Django's own formats
(1 décembre 2026 ; 1 de diciembre de 2026), which already read so."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
