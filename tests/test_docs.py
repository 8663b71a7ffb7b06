"""The user and operator documentation in docs/ stays true to the code.

Operators configure Waypoint from docs/deploy.md and run the commands docs/operate.md
names, so a setting, a default, a command or a scheduled task that changes in the code
must change in the docs too; these tests fail until it does.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import get_commands, load_command_class
from django.utils import translation

from waypoint.core.models import Network, Program
from waypoint.exports.jobs import GIVE_UP_AFTER
from waypoint.exports.models import KEEP_FOR
from waypoint.participants import purge, uic
from waypoint.reports import community
from waypoint.reports.definitions import TEMPLATES
from waypoint.reports.publish import suppression_threshold

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DOC_FILES = sorted(DOCS.glob("*.md"))
README = ROOT / "README.md"
ALL_DOCS = [*DOC_FILES, README]
SETTINGS = ROOT / "waypoint" / "settings.py"
SERVE = ROOT / "waypoint" / "core" / "management" / "commands" / "serve.py"
READERS = {"env", "envbool", "envint", "envsecret", "envlist"}


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _without_code_blocks(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _shown(value) -> str | None:
    """A literal default as the docs write it; None when it is not a plain literal."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | str):
        return str(value)
    return None


def environment_reads() -> dict[str, tuple[str, str | None]]:
    """Every environment variable the settings (and ``manage.py serve``) read: name ->
    (how it is read, its default as the docs write it, or None)."""
    found: dict[str, tuple[str, str | None]] = {}
    for path in (SETTINGS, SERVE):
        for node in ast.walk(ast.parse(_text(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in READERS:
                reader = func.id
            elif (
                isinstance(func, ast.Attribute)
                and func.attr == "get"
                and _is_os_environ(func.value)
            ):
                reader = "os.environ.get"
            else:
                continue
            default_node = node.args[1] if len(node.args) > 1 else None
            for keyword in node.keywords:
                if keyword.arg == "default":
                    default_node = keyword.value
            default = None
            if isinstance(default_node, ast.Constant):
                default = _shown(default_node.value)
            found[first.value] = (reader, default)
    return found


def _section(path: Path, heading: str) -> str:
    """The text under a ``## heading`` of ``path``, up to the next ``## `` heading."""
    section = _text(path).split(f"\n## {heading}\n", 1)[1]
    return section.split("\n## ", 1)[0]


def _variables_section() -> str:
    """docs/deploy.md's "Environment variables" section, where each variable has its row."""
    return _section(DOCS / "deploy.md", "Environment variables")


def _secrets() -> set[str]:
    """The variables that can also be read from a file named by ``<name>_FILE``."""
    return {name for name, (reader, _d) in environment_reads().items() if reader == "envsecret"}


def _paragraphs_with(text: str, needle: str) -> list[str]:
    return [part for part in re.split(r"\n\s*\n", text) if needle in part]


def _flat(text: str) -> str:
    """Text with every run of whitespace made one space, so line wrapping does not matter."""
    return re.sub(r"\s+", " ", text)


def _table_row(text: str, name: str) -> str | None:
    for line in text.splitlines():
        if line.startswith(f"| `{name}` |"):
            return line
    return None


def test_settings_are_found_at_all():
    reads = environment_reads()
    assert {"WAYPOINT_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "WAYPOINT_BIND"} <= set(reads)


def test_every_environment_variable_has_a_row_in_deploy_md():
    deploy = _variables_section()
    missing = [name for name in environment_reads() if _table_row(deploy, name) is None]
    assert not missing, f"docs/deploy.md has no table row for {missing}"


@pytest.mark.parametrize(
    "path, text",
    [(DOCS / "deploy.md", _variables_section), (README, lambda: _text(README))],
    ids=["deploy.md", "README.md"],
)
def test_documented_defaults_match_the_settings(path, text):
    table = text()
    wrong = []
    for name, (_reader, default) in environment_reads().items():
        row = _table_row(table, name)
        if row is None or not default:
            continue
        if f"`{default}`" not in row.split("|")[2]:
            wrong.append((name, default))
    assert not wrong, f"{path.name} shows other defaults than the settings: {wrong}"


def test_the_file_variant_is_documented_for_exactly_the_secrets():
    secrets = _secrets()
    assert {"WAYPOINT_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "WAYPOINT_EMAIL_URL"} <= secrets
    deploy = _variables_section()
    documented = {
        name for name in environment_reads() if "`_FILE`" in (_table_row(deploy, name) or "")
    }
    assert documented == secrets, "deploy.md rows marked 'Accepts `_FILE`'"
    # The paragraphs that say which variables accept _FILE name exactly these.
    for path, text in [
        (DOCS / "deploy.md", _section(DOCS / "deploy.md", "Secrets and keys")),
        (README, _section(README, "Settings")),
    ]:
        paragraph = next(iter(_paragraphs_with(text, "No other variable accepts `_FILE`")), "")
        assert paragraph, f"{path.name} does not say which variables accept _FILE"
        named = set(re.findall(r"`((?:WAYPOINT_|DATABASE_|REDIS_)[A-Z0-9_]*[A-Z0-9])`", paragraph))
        assert named == secrets, f"{path.name} names {sorted(named)} as accepting _FILE"


def _test_and_ci_text() -> str:
    """Variables read by the test suite, the Makefile and CI, which README.md explains."""
    paths = [ROOT / "Makefile", *(ROOT / ".ci").glob("*"), *(ROOT / "tests").glob("**/*.py")]
    paths += list((ROOT / "bench").glob("**/*.py"))
    return "\n".join(
        _text(path) for path in paths if path.is_file() and path != Path(__file__).resolve()
    )


def test_every_variable_the_docs_name_exists():
    reads = environment_reads()
    secrets = _secrets()
    elsewhere = _test_and_ci_text()
    unknown = set()
    for path in ALL_DOCS:
        text = _text(path)
        for name in re.findall(r"\b(?:WAYPOINT_[A-Z0-9_]*[A-Z0-9]|[A-Z][A-Z0-9_]*_FILE)\b", text):
            if name in reads:
                continue
            if name.endswith("_FILE"):
                if name[: -len("_FILE")] not in secrets:
                    unknown.add((path.name, name))
                continue
            if path == README and re.search(rf"\b{name}\b", elsewhere):
                continue  # a test or CI switch, explained in the README's test section
            unknown.add((path.name, name))
    assert not unknown, f"variables the settings never read: {sorted(unknown)}"


def test_every_command_the_docs_name_exists():
    commands = get_commands()
    named = {
        (path.name, name)
        for path in DOC_FILES
        for name in re.findall(r"manage\.py\s+([a-z_]+)", _text(path))
    }
    unknown = sorted((doc, name) for doc, name in named if name not in commands)
    assert not unknown, f"no such management command: {unknown}"


def test_every_option_the_docs_give_a_command_exists():
    commands = get_commands()
    wrong = []
    for path in ALL_DOCS:
        for name, rest in re.findall(r"manage\.py\s+([a-z_]+)([^\n`#]*)", _text(path)):
            if name not in commands:
                continue
            parser = load_command_class(commands[name], name).create_parser("manage.py", name)
            for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest):
                if option not in parser._option_string_actions:
                    wrong.append((path.name, name, option))
    assert not wrong, f"no such option: {wrong}"


def test_every_make_target_the_docs_name_exists():
    targets = set(re.findall(r"^([a-z][a-z-]*):", _text(ROOT / "Makefile"), flags=re.M))
    named = {
        (path.name, target)
        for path in ALL_DOCS
        for target in re.findall(r"`make ([a-z][a-z-]*)", _text(path))
    }
    unknown = sorted((doc, target) for doc, target in named if target not in targets)
    assert not unknown, f"no such make target: {unknown}"


def test_every_waypoint_command_is_documented():
    text = "\n".join(_text(path) for path in DOC_FILES)
    ours = sorted(
        path.stem
        for path in (ROOT / "waypoint").glob("*/management/commands/*.py")
        if path.stem != "__init__"
    )
    assert ours
    missing = [name for name in ours if f"manage.py {name}" not in text]
    assert not missing, f"commands the docs never mention: {missing}"


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = _without_code_blocks(_text(path))
    return {_slug(m) for m in re.findall(r"^#{1,6}\s+(.+?)\s*$", text, flags=re.M)}


LINKED = [*DOC_FILES, ROOT / "README.md"]


@pytest.mark.parametrize("path", LINKED, ids=lambda p: p.name)
def test_relative_links_resolve(path):
    broken = []
    text = _without_code_blocks(_text(path))
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # http:, https:, mailto:
        file_part, _hash, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(target)
    assert not broken, f"{path.name}: broken links {broken}"


def test_the_readme_and_the_index_link_every_page():
    readme = _text(ROOT / "README.md")
    index = _text(DOCS / "README.md")
    assert "](docs/README.md)" in readme
    for path in DOC_FILES:
        if path.name == "README.md":
            continue
        assert f"]({path.name})" in index, f"docs/README.md does not link {path.name}"
        assert f"](docs/{path.name})" in readme, f"README.md does not link docs/{path.name}"


def periodic_tasks() -> dict[str, dict[str, str]]:
    """Scheduled task function name -> its crontab arguments."""
    found = {}
    for path in (ROOT / "waypoint").glob("**/tasks.py"):
        for node in ast.walk(ast.parse(_text(path))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name)):
                    continue
                if decorator.func.id not in {"periodic_task", "db_periodic_task"}:
                    continue
                schedule = decorator.args[0]
                assert isinstance(schedule, ast.Call), f"{node.name}: schedule is not crontab()"
                found[node.name] = {
                    k.arg: k.value.value
                    for k in schedule.keywords
                    if isinstance(k.value, ast.Constant)
                }
    return found


def test_every_scheduled_task_and_its_time_is_documented():
    operate = _section(DOCS / "operate.md", "Scheduled tasks")
    tasks = periodic_tasks()
    assert tasks
    wrong = []
    for name, when in tasks.items():
        row = _table_row(operate, name)
        if row is None:
            wrong.append((name, "no row"))
            continue
        hour, minute = when.get("hour"), when.get("minute")
        if hour is None and minute == "*":
            expected = "every minute"
        elif hour is None and minute is not None and minute.isdigit():
            expected = f"at :{int(minute):02d}"
        elif hour is not None and hour.isdigit() and minute is not None and minute.isdigit():
            expected = f"{int(hour):02d}:{int(minute):02d}"
        else:
            continue
        if expected not in row:
            wrong.append((name, expected))
    assert not wrong, f"docs/operate.md disagrees with the task schedule: {wrong}"


def test_scheduled_times_are_given_in_the_clock_the_worker_uses():
    operate = _section(DOCS / "operate.md", "Scheduled tasks")
    if settings.HUEY.get("utc", True):
        assert "UTC" in operate
        return
    # Local times: huey reads the process's clock, which Django sets to TIME_ZONE.
    assert "`WAYPOINT_TIME_ZONE`" in operate
    claims = [(path.name, line) for path in ALL_DOCS for line in _text(path).splitlines()]
    utc = [claim for claim in claims if re.search(r"\bUTC\b", claim[1])]
    assert not utc, f"the scheduled tasks run in WAYPOINT_TIME_ZONE, not UTC: {utc}"


def _template_row(reports: str, title: str) -> list[str] | None:
    row = next((line for line in reports.splitlines() if line.startswith(f"| {title} |")), None)
    return [cell.strip() for cell in row.strip("|").split("|")] if row else None


def test_every_report_template_is_listed_as_defined():
    reports = _section(DOCS / "reports.md", "Funder report templates")
    summary, layout = reports.split("### How each report is laid out", 1)
    wrong = []
    with translation.override("en"):
        for template in TEMPLATES.values():
            title = str(template.title)
            row = _template_row(summary, title)
            if row is None:
                wrong.append((title, "no row"))
                continue
            period = "calendar year" if template.default_period == "year" else "quarter"
            audiences = (("programs", template.program), ("networks", template.network))
            expected = [
                title,
                str(template.issuer),
                str(template.frequency),
                f"last full {period}",
                " and ".join(kind for kind, offered in audiences if offered),
            ]
            if row != expected:
                wrong.append((title, "should read", expected))
            if _template_row(layout, title) is None:
                wrong.append((title, "not in 'How each report is laid out'"))
    assert not wrong, f"docs/reports.md disagrees with the report templates: {wrong}"


def _source() -> str:
    return "\n".join(_text(path) for path in (ROOT / "waypoint").glob("**/*.py"))


def _read_actions() -> set[str]:
    """Audit actions written when person-level data is shown, found in the source."""
    reads = r"view|list|search|read|history|candidates|panel|phone_read|verify|download"
    return set(re.findall(rf"\"([a-z_]+\.(?:{reads}))\"", _source()))


def test_every_audited_read_is_listed_in_privacy_md():
    section = _section(DOCS / "privacy.md", "The audit of reads")
    actions = _read_actions()
    assert {"participant.list", "window.panel", "encounter.history", "card.view"} <= actions
    listed = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", section))
    assert not actions - listed, f"reads not listed: {sorted(actions - listed)}"
    written = set(re.findall(r"\"([a-z_]+\.[a-z_]+)\"", _source()))
    assert not listed - written, f"no such audit action: {sorted(listed - written)}"
    assert "Every **read** of person-level data is recorded" in _flat(section)


def test_the_figures_the_docs_promise_match_the_code():
    privacy = _flat(_text(DOCS / "privacy.md"))
    reports = _flat(_text(DOCS / "reports.md"))
    operate = _flat(_text(DOCS / "operate.md"))
    reads = environment_reads()
    threshold = reads["WAYPOINT_SUPPRESSION_THRESHOLD"][1]
    assert threshold == str(suppression_threshold())  # the test settings keep the default
    assert f"from 1 to {threshold}" in privacy
    assert (
        f"The threshold is {threshold} unless the operator sets `WAYPOINT_SUPPRESSION_THRESHOLD`"
        in privacy
    )
    assert f"from 1 to {threshold}" in reports
    retention = reads["WAYPOINT_CONTACT_RETENTION_DAYS"][1]
    assert f"`WAYPOINT_CONTACT_RETENTION_DAYS` ({retention} by default)" in operate
    assert f"`WAYPOINT_CONTACT_RETENTION_DAYS` ({retention} days by default)" in privacy
    assert f"batches of {purge.BATCH_SIZE:,} participants" in operate
    assert f"**{KEEP_FOR.days} days**" in reports
    assert f"{KEEP_FOR.days} days after they were made" in operate
    assert f"after {GIVE_UP_AFTER.seconds // 3600} hours" in operate
    minutes = community.CACHE_SECONDS // 60
    assert f"kept for {minutes} minutes" in privacy
    assert f"kept for {minutes} minutes" in reports
    assert community.QUARTERS == 4 and "last four" in reports and "last four" in privacy


def test_contact_data_erasure_is_documented_with_its_limits():
    operate = _section(DOCS / "operate.md", "Participant contact data")
    privacy = _text(DOCS / "privacy.md")
    assert "no scheduled purge" not in (operate + privacy).lower()
    for words in ("backups", "VACUUM", "SQLite"):
        assert words in operate, f"operate.md: what 'erased' leaves behind ({words})"
    assert "backups" in privacy and "VACUUM" in privacy
    assert "--dry-run" in operate and "`participant.contact_erase`" in operate


def test_serve_and_the_worker_thread_count_are_described_as_the_code_does():
    serve = _text(SERVE)
    worker = _table_row(_variables_section(), "WAYPOINT_WORKERS") or ""
    if '"run_huey"' in serve and '"--workers"' not in serve:
        assert "`manage.py serve`" in worker and "always starts its worker with" not in worker


def test_the_cache_table_is_not_a_separate_step_when_migrate_creates_it():
    migrations = "\n".join(_text(p) for p in (ROOT / "waypoint").glob("*/migrations/*.py"))
    if 'call_command("createcachetable"' not in migrations:
        return
    steps = [
        (path.name, line)
        for path in ALL_DOCS
        for line in _text(path).splitlines()
        if re.match(r"\s*(?:\S*python\S*\s+)?manage\.py createcachetable", line)
    ]
    assert not steps, f"migrate already creates the cache table: {steps}"


def test_the_first_program_is_made_by_a_command_as_the_admin_cannot():
    assert not admin.site.is_registered(Network) and not admin.site.is_registered(Program)
    readme = _text(README)
    assert "](docs/deploy.md#the-first-network-program-and-admin)" in readme
    section = _section(DOCS / "deploy.md", "First start")
    assert (
        "manage.py create_program" in section
        and "manage.py shell" not in section.split("A **network analyst**")[0]
    )


def test_pgbouncer_advice_fits_the_cursors_waypoint_uses():
    server_side = not settings.DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS", False)
    advice = [
        (path.name, paragraph)
        for path in ALL_DOCS
        for paragraph in _paragraphs_with(_text(path), "PgBouncer")
    ]
    assert advice
    for name, paragraph in advice:
        if server_side:
            assert "session" in paragraph, f"{name}: PgBouncer needs session pooling"
            assert "transaction mode" not in paragraph, f"{name}: not transaction pooling"


def test_site_url_is_described_where_it_is_used():
    for path, text in [(DOCS / "deploy.md", _variables_section()), (README, _text(README))]:
        row = (_table_row(text, "WAYPOINT_SITE_URL") or "").lower()
        assert "qr codes" in row and "when it is set" in row.replace(
            "when set", "when it is set"
        ), f"{path.name}: QR codes use WAYPOINT_SITE_URL only when it is set"


def test_the_readme_says_what_the_default_code_asks():
    intro = _flat(_text(README).split("\n## ", 1)[0])
    keys = {component.key for component in uic.PRESETS[uic.DEFAULT_RECIPE].components}
    if {"day", "month", "year4", "year2"} & keys:
        assert "date of birth" in intro and "ever required" not in intro
    if {"mother2", "mother1", "father2"} & keys:
        assert "parent's first name" in intro


def test_every_path_the_architecture_page_names_exists():
    text = _text(DOCS / "architecture.md")
    paths = set(re.findall(r"`((?:waypoint|tests|bench|docs)/[^`\s]*)`", text))
    assert len(paths) >= 20
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert missing == [], missing
    section = _section(DOCS / "architecture.md", "Where does it happen?")
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) - 1 == 10  # the ten behaviours a newcomer asks about first
