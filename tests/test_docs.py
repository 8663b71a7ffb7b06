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
from django.core.management import get_commands
from django.utils import translation

from waypoint.exports.models import KEEP_FOR
from waypoint.exports.services import GIVE_UP_AFTER
from waypoint.reports import community
from waypoint.reports.definitions import TEMPLATES
from waypoint.reports.publish import suppression_threshold

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DOC_FILES = sorted(DOCS.glob("*.md"))
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


def _variables_section() -> str:
    """docs/deploy.md's "Environment variables" section, where each variable has its row."""
    deploy = _text(DOCS / "deploy.md")
    section = deploy.split("\n## Environment variables\n", 1)[1]
    return section.split("\n## ", 1)[0]


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


def test_documented_defaults_match_the_settings():
    deploy = _variables_section()
    wrong = []
    for name, (_reader, default) in environment_reads().items():
        row = _table_row(deploy, name)
        if row is None or not default:
            continue
        if f"`{default}`" not in row.split("|")[2]:
            wrong.append((name, default))
    assert not wrong, f"docs/deploy.md shows other defaults than the settings: {wrong}"


def test_only_secrets_are_documented_as_read_from_a_file():
    deploy = _variables_section()
    secrets = {name for name, (reader, _d) in environment_reads().items() if reader == "envsecret"}
    documented = {
        name for name in environment_reads() if "`_FILE`" in (_table_row(deploy, name) or "")
    }
    assert documented == secrets


def test_every_waypoint_variable_in_the_docs_exists():
    reads = environment_reads()
    secrets = {name for name, (reader, _d) in reads.items() if reader == "envsecret"}
    unknown = set()
    for path in DOC_FILES:
        for name in re.findall(r"\bWAYPOINT_[A-Z0-9_]*[A-Z0-9]\b", _text(path)):
            if name in reads or (name.endswith("_FILE") and name[: -len("_FILE")] in secrets):
                continue
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
    operate = _text(DOCS / "operate.md")
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


def test_every_report_template_is_listed():
    reports = _text(DOCS / "reports.md")
    with translation.override("en"):
        titles = [str(template.title) for template in TEMPLATES.values()]
    missing = [title for title in titles if f"| {title} |" not in reports]
    assert not missing, f"docs/reports.md does not list {missing}"


def test_the_figures_the_docs_promise_match_the_code():
    privacy = _text(DOCS / "privacy.md")
    reports = _text(DOCS / "reports.md")
    operate = _text(DOCS / "operate.md")
    threshold = suppression_threshold()
    assert f"from 1 to {threshold}" in privacy
    assert f"The threshold is {threshold}." in privacy
    assert f"from 1 to {threshold}" in reports
    assert f"**{KEEP_FOR.days} days**" in reports
    assert f"{KEEP_FOR.days} days after they were made" in operate
    assert f"after {GIVE_UP_AFTER.seconds // 3600} hours" in operate
    minutes = community.CACHE_SECONDS // 60
    assert f"kept for {minutes} minutes" in privacy
    assert f"kept for {minutes} minutes" in reports
    assert community.QUARTERS == 4 and "last four" in reports and "last four" in privacy
