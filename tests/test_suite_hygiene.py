"""Checks on the test suite itself."""

import ast
import datetime
import pathlib
import re

from django.utils import timezone

TESTS = pathlib.Path(__file__).parent
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
DATE_CALLS = {"date", "datetime"}
# A line may keep a future date when time does not matter to it (a computed
# expectation, a value the code only stores): it says so with this comment.
EXEMPT = "# fixed date:"


def literal_dates(source: str):
    """(line, date) for every date written out in `source`: date(Y, M, D),
    datetime(Y, M, D, h) and "YYYY-MM-DD" in a string."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            numbers = [a.value for a in node.args[:3] if isinstance(a, ast.Constant)]
            if (
                name in DATE_CALLS
                and len(numbers) == 3
                and all(isinstance(n, int) for n in numbers)
            ):
                try:
                    yield node.lineno, datetime.date(*numbers)
                except ValueError:
                    continue
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for match in ISO_DATE.finditer(node.value):
                try:
                    yield node.lineno, datetime.date(*map(int, match.groups()))
                except ValueError:
                    continue


def test_no_test_hard_codes_a_future_date():
    """A test that takes a written date for "the future" starts failing the
    day it passes (a time bomb): derive dates from timezone.now(), or freeze
    time with time_machine and say so on the line. The calendar's last day,
    9999-12-31, is an edge the fuzz tests try, not a time bomb."""
    today = timezone.localdate()
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        source = path.read_text()
        lines = source.splitlines()
        for lineno, date in literal_dates(source):
            if today < date < datetime.date.max and EXEMPT not in lines[lineno - 1]:
                found.append("%s:%d: %s" % (path.relative_to(TESTS.parent), lineno, date))
    assert found == []


def test_the_future_date_check_finds_what_it_is_meant_to():
    next_year = timezone.localdate().year + 1
    source = (
        "import datetime\n"
        "a = datetime.date(%d, 5, 18)\n"
        "b = datetime.datetime(%d, 5, 18, 10, 0)\n"
        'c = {"closes_on": "%d-05-18"}\n'
        "d = datetime.date(2020, 1, 1)\n"
    ) % (next_year, next_year, next_year)
    future = datetime.date(next_year, 5, 18)
    assert sorted(literal_dates(source)) == [
        (2, future),
        (3, future),
        (4, future),
        (5, datetime.date(2020, 1, 1)),
    ]


IMPORT = re.compile(r"^\s*(?:from|import) terreau\.(\w+)", re.MULTILINE)
URL_TAG = re.compile(r"""\{%\s*url\s+['"](\w+):[\w-]+['"]""")


def apps_importing():
    """For each app of terreau/, the apps that import it, directly or not."""
    root = TESTS.parent / "terreau"
    apps = [path.parent.name for path in root.glob("*/apps.py")]
    imports = {
        app: {
            name
            for module in (root / app).rglob("*.py")
            for name in IMPORT.findall(module.read_text())
            if name in apps and name != app
        }
        for app in apps
    }
    above = {app: set() for app in apps}
    for app in apps:  # transitive closure: who reaches `app`
        todo = [other for other in apps if app in imports[other]]
        while todo:
            other = todo.pop()
            if other not in above[app]:
                above[app].add(other)
                todo.extend(o for o in apps if other in imports[o])
    return above


def test_no_template_links_to_a_higher_app():
    """A template names no URL of an app above its own (one that imports it,
    directly or not): the lower app reaches a higher page through
    get_absolute_url, or the page that needs both belongs to `pages`."""
    root = TESTS.parent / "terreau"
    above = apps_importing()
    assert {"calls", "pages"} <= above["challenges"]  # the graph is read, not empty
    found = []
    for app, higher in above.items():
        for template in sorted((root / app / "templates").rglob("*.html")):
            for namespace in URL_TAG.findall(template.read_text()):
                if namespace in higher:
                    found.append("%s → %s:" % (template.relative_to(root), namespace))
    assert found == []


def test_templates_are_readable():
    """No template line over 160 characters, and every {% endblock %} names
    the block it closes: a long page is read, and reviewed, line by line."""
    root = TESTS.parent / "terreau"
    long_lines, unnamed = [], []
    for template in sorted(root.rglob("templates/**/*")):
        if template.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            where = "%s:%d" % (template.relative_to(root), number)
            if len(line) > 160:
                long_lines.append(where)
            if re.search(r"\{%\s*endblock\s*%\}", line):
                unnamed.append(where)
    assert long_lines == []
    assert unnamed == []
