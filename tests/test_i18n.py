"""The Spanish catalogue is complete: every translatable string in the code has a
Spanish translation, none is fuzzy, and the compiled catalogue matches the source."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "waypoint" / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def parse_po(path: Path) -> list[dict]:
    """A small .po reader: entries with msgctxt, msgid, msgid_plural, msgstr[n] and flags."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    def unquote(text: str) -> str:
        return text.strip()[1:-1].encode("raw_unicode_escape").decode("unicode_escape")

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            field = "msgctxt"
            entry[field] = unquote(line[8:])
        elif line.startswith("msgid_plural "):
            field = "msgid_plural"
            entry[field] = unquote(line[13:])
        elif line.startswith("msgid "):
            field = "msgid"
            entry[field] = unquote(line[6:])
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            field = ("msgstr", index)
            entry["msgstr"][index] = unquote(line[line.index("]") + 1 :])
        elif line.startswith("msgstr "):
            field = ("msgstr", 0)
            entry["msgstr"][0] = unquote(line[7:])
        elif line.startswith('"') and field is not None:
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += unquote(line)
            else:
                entry[field] += unquote(line)
    finish()
    return [e for e in entries if e["msgid"] != ""]


def test_catalogue_exists():
    assert PO.exists(), "waypoint/locale/es/LC_MESSAGES/django.po is missing: run `make messages`"
    assert MO.exists(), "the compiled catalogue is missing: run `make messages`"


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [
        e["msgid"] for e in parse_po(PO) if "fuzzy" in e["flags"] or not all(e["msgstr"].values())
    ]
    assert not untranslated, (
        f"{len(untranslated)} Spanish entries missing or fuzzy: {untranslated[:20]}"
    )


def test_compiled_catalogue_matches_the_source():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in parse_po(PO):
        if "msgid_plural" in entry:
            continue
        key = (
            entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        )
        if catalogue._catalog.get(key) != entry["msgstr"][0]:
            stale.append(entry["msgid"])
    assert not stale, f"django.mo is out of date for {len(stale)} entries: run `make messages`"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("WAYPOINT_REQUIRE_GETTEXT") == "1":
            pytest.fail("GNU gettext (xgettext) is required but not installed")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "waypoint"
    shutil.copytree(ROOT / "waypoint", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (copy / "locale").mkdir(exist_ok=True)
    # makemessages writes to LOCALE_PATHS[0]: point it at the copy, never the real catalogue.
    (tmp_path / "i18n_settings.py").write_text(
        f"from tests.settings import *  # noqa\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "i18n_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "es",
            "--no-obsolete",
            "--ignore=migrations/*",
            "--no-location",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fresh = {
        (e.get("msgctxt"), e["msgid"]) for e in parse_po(copy / "locale/es/LC_MESSAGES/django.po")
    }
    translated = {
        (e.get("msgctxt"), e["msgid"])
        for e in parse_po(PO)
        if "fuzzy" not in e["flags"] and all(e["msgstr"].values())
    }
    missing = sorted(msgid for ctxt, msgid in fresh - translated)
    assert not missing, f"{len(missing)} strings have no Spanish translation: {missing[:25]}"


def test_translation_functions_keep_names_the_extractor_knows():
    """``gettext as gettext_now`` hides every string behind it from makemessages (and so
    from the checks above): the page then shows English to Spanish readers."""
    import re

    known = {
        "_",
        "gettext",
        "gettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
        "gettext_noop",
    }
    renamed = []
    for path in (Path(__file__).resolve().parents[1] / "waypoint").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("from django.utils.translation import"):
                for alias in re.findall(r"\bas\s+(\w+)", line):
                    if alias not in known:
                        renamed.append(f"{path.name}: {line.strip()}")
    assert not renamed, renamed
