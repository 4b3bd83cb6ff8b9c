"""Cells of the CSV files staff open in a spreadsheet. Pure functions."""

# A cell whose text starts with one of these is read as a formula by
# LibreOffice Calc and Excel (=HYPERLINK(…), @SUM(…), +1+cmd|…): OWASP's
# "CSV injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading
    apostrophe, which spreadsheets show as plain text; numbers and dates are
    written as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]
