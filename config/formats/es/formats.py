# «15 de noviembre de 2023», «15 de noviembre de 2023, 14:30».
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
