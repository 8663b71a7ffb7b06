"""Importing the catalog and opening stock from CSV: a dry run first, then all or nothing.

``preview`` checks every row and writes nothing; ``run_import`` writes every row in one
transaction, or none when any row is wrong. Row numbers are the file's line numbers as a
spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event
from waypoint.core.models import Site

from ..models import Lot, SupplyCategory, SupplyItem
from .lots import normalize_lot_number
from .stock import MAX_QUANTITY, ReceiptLine, receive_stock

CATALOG, STOCK = "catalog", "stock"
MAX_ROWS = 5000
MAX_BYTES = 2_000_000
COLUMNS = {
    CATALOG: (
        ["name", "category"],
        [
            "unit",
            "syringes_per_unit",
            "naloxone_doses_per_unit",
            "max_per_visit",
            "reorder_point",
            "tracks_lots",
            "is_quick",
            "is_active",
        ],
    ),
    STOCK: (["site", "item", "quantity"], ["lot_number", "expires_on", "supplier", "unit_cost"]),
}
TRUE, FALSE = {"yes", "y", "true", "1", "x", "sí", "si"}, {"no", "n", "false", "0", ""}


class ImportRefused(Exception):
    def __init__(self, result: ImportResult):
        super().__init__(f"{len(result.problems)} problems")
        self.result = result


@dataclass
class ImportRow:
    number: int
    values: dict[str, str]
    cells: list[str] = field(default_factory=list)
    action: str = ""
    errors: list[str] = field(default_factory=list)
    cleaned: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    kind: str
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.file_errors + [
            _("Row %(n)d: %(error)s") % {"n": row.number, "error": error}
            for row in self.rows
            for error in row.errors
        ]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems


def read_csv(data: bytes | str) -> tuple[list[str], list[tuple[int, dict]], list[str]]:
    """(columns, [(row number, values)], file errors). Accepts UTF-8 with or without a BOM."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return [], [], [_("The file is larger than 2 MB; split it into smaller files.")]
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [], [_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]
    data = data.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(data[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(data), dialect)
    try:
        header = next(reader)
    except StopIteration:
        return [], [], [_("The file is empty.")]
    columns = [name.strip().lower().replace(" ", "_") for name in header]
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            return columns, rows, [_("More than 5,000 rows; split the file.")]
        padded = values + [""] * (len(columns) - len(values))
        rows.append(
            (reader.line_num, {c: v.strip() for c, v in zip(columns, padded, strict=False)})
        )
    return columns, rows, []


def preview(program, kind: str, data: bytes | str) -> ImportResult:
    """Check every row against the program's catalog and sites; writes nothing."""
    result = ImportResult(kind)
    columns, rows, errors = read_csv(data)
    result.columns, result.file_errors = columns, errors
    if errors:
        return result
    required, optional = COLUMNS[kind]
    missing = [c for c in required if c not in columns]
    unknown = [c for c in columns if c and c not in required + optional]
    if missing:
        result.file_errors.append(
            _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if unknown:
        result.file_errors.append(
            _("Unknown column(s): %(columns)s. The columns are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(required + optional)}
        )
    if not rows:
        result.file_errors.append(_("The file has a header but no rows."))
    if result.file_errors:
        return result
    result.rows = [
        ImportRow(number, values, cells=[values.get(c, "") for c in columns])
        for number, values in rows
    ]
    (_check_catalog if kind == CATALOG else _check_stock)(program, result.rows)
    return result


def _int(row: ImportRow, column: str, *, low: int = 0, default=None):
    raw = row.values.get(column, "")
    if raw == "":
        return default
    try:
        value = int(raw.replace(",", ""))
    except ValueError:
        row.errors.append(
            _("%(column)s must be a whole number, not “%(value)s”.")
            % {"column": column, "value": raw}
        )
        return default
    if value < low or value > MAX_QUANTITY:
        row.errors.append(_("%(column)s must be %(low)d or more.") % {"column": column, "low": low})
    return value


def _bool(row: ImportRow, column: str):
    raw = row.values.get(column, "").lower()
    if column not in row.values:
        return None
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    row.errors.append(
        _("%(column)s must be yes or no, not “%(value)s”.") % {"column": column, "value": raw}
    )
    return None


def _category(row: ImportRow):
    raw = row.values.get("category", "")
    for value, label in SupplyCategory.choices:
        if raw.lower() in (value, str(label).lower(), value.replace("_", " ")):
            return value
    row.errors.append(
        _("Unknown category “%(value)s”. Use one of: %(choices)s.")
        % {"value": raw, "choices": ", ".join(SupplyCategory.values)}
    )
    return None


def _check_catalog(program, rows: list[ImportRow]) -> None:
    existing = {item.name.lower(): item for item in SupplyItem.objects.filter(program=program)}
    seen: dict[str, int] = {}
    for row in rows:
        name = row.values.get("name", "")
        if not name:
            row.errors.append(_("Give the item's name."))
        elif name.lower() in seen:
            row.errors.append(
                _("%(name)s is already in row %(n)d.") % {"name": name, "n": seen[name.lower()]}
            )
        seen.setdefault(name.lower(), row.number)
        fields = {"category": _category(row)}
        for column in ("syringes_per_unit", "naloxone_doses_per_unit", "reorder_point"):
            fields[column] = _int(row, column)
        fields["max_per_visit"] = _int(row, "max_per_visit", low=1)
        fields["unit"] = row.values.get("unit") or None
        for column in ("tracks_lots", "is_quick", "is_active"):
            fields[column] = _bool(row, column)
        item = existing.get(name.lower())
        row.action = "update" if item else "create"
        item = item or SupplyItem(program=program, name=name)
        for key, value in fields.items():
            if value is not None:
                setattr(item, key, value)
        if not row.errors:
            try:
                item.full_clean(validate_unique=False)
            except ValidationError as exc:
                row.errors.extend(_messages(exc))
        row.cleaned = {"item": item}


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{name}: {' '.join(errors)}" for name, errors in exc.message_dict.items()]
    return list(exc.messages)


def _date(row: ImportRow):
    raw = row.values.get("expires_on", "")
    if not raw:
        return None
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    row.errors.append(
        _("expires_on must be a date like 2027-03-31, not “%(value)s”.") % {"value": raw}
    )
    return None


def _check_stock(program, rows: list[ImportRow]) -> None:
    sites = {
        site.name.lower(): site for site in Site.objects.filter(program=program, is_active=True)
    }
    items = {item.name.lower(): item for item in SupplyItem.objects.filter(program=program)}
    lots = {
        (lot.item_id, lot.lot_number): lot.expires_on for lot in Lot.objects.filter(program=program)
    }
    first_seen: dict[tuple[int, str], int] = {}
    for row in rows:
        site = sites.get(row.values.get("site", "").lower())
        item = items.get(row.values.get("item", "").lower())
        if site is None:
            row.errors.append(
                _("No active site is called “%(name)s”.") % {"name": row.values.get("site", "")}
            )
        if item is None:
            row.errors.append(
                _("No catalog item is called “%(name)s”; import the catalog first.")
                % {"name": row.values.get("item", "")}
            )
        quantity = _int(row, "quantity", low=1)
        expires_on = _date(row)
        lot_number = normalize_lot_number(row.values.get("lot_number", ""))
        cost = None
        if row.values.get("unit_cost"):
            try:
                cost = Decimal(row.values["unit_cost"].lstrip("$"))
                if cost < 0 or cost >= Decimal("100000000"):
                    raise InvalidOperation
            except InvalidOperation:
                row.errors.append(_("unit_cost must be an amount like 12.50."))
        if item is not None and item.tracks_lots:
            if not lot_number or expires_on is None:
                row.errors.append(
                    _("%(item)s tracks lots: give lot_number and expires_on.") % {"item": item.name}
                )
            elif lots.get((item.pk, lot_number), expires_on) != expires_on:
                row.errors.append(
                    _("Lot %(lot)s is recorded with another expiry date (row %(n)s or earlier).")
                    % {"lot": lot_number, "n": first_seen.get((item.pk, lot_number), "—")}
                )
            else:
                lots[(item.pk, lot_number)] = expires_on
                first_seen.setdefault((item.pk, lot_number), row.number)
        elif item is not None and lot_number:
            row.errors.append(
                _("%(item)s does not track lots; leave lot_number empty.") % {"item": item.name}
            )
        row.action = "receive"
        row.cleaned = {
            "site": site,
            "line": ReceiptLine(item, quantity or 0, lot_number, expires_on, cost)
            if item
            else None,
            "supplier": row.values.get("supplier", "")[:120],
        }


def run_import(program, kind: str, data: bytes | str, *, actor) -> ImportResult:
    """Import every row in one transaction. Raises ``ImportRefused`` (nothing written) when
    any row or the file has a problem."""
    result = preview(program, kind, data)
    if not result.ok:
        raise ImportRefused(result)
    with transaction.atomic():
        if kind == CATALOG:
            for row in result.rows:
                row.cleaned["item"].save()
        else:
            groups = defaultdict(list)
            for row in result.rows:
                groups[(row.cleaned["site"].pk, row.cleaned["supplier"])].append(row)
            for (_site_id, supplier), group in groups.items():
                receive_stock(
                    program,
                    group[0].cleaned["site"],
                    [row.cleaned["line"] for row in group],
                    actor=actor,
                    supplier=supplier,
                    note="Opening stock imported from CSV",
                )
        log_event(
            "stock.import",
            actor=actor,
            program=program,
            object_type="supplies.import",
            extra={
                "kind": kind,
                "rows": len(result.rows),
                "created": sum(row.action == "create" for row in result.rows),
                "updated": sum(row.action == "update" for row in result.rows),
            },
        )
    return result
