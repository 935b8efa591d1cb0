# "4 января 2022 г." (Django's own), and a comma before the time.
DATE_FORMAT = "j E Y г."
DATETIME_FORMAT = "j E Y г., G:i"
