# Dates as Vietnamese administrative documents write them: 21/11/2026, ngày 21 tháng 11 năm 2026.
DATE_FORMAT = r"\n\g\à\y j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"H:i, \n\g\à\y j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
