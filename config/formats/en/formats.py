# Dates as the organization writes them in English ("15 November 2023"), not American.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
