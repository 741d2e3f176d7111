# « 15 novembre 2023 », « 15 novembre 2023 à 14:30 ».
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y à H:i"
