"""CSV import of the catalog and opening stock: dry run, per-row errors, all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.factories import member
from waypoint.audit.models import AuditEvent
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope
from waypoint.supplies.models import Lot, LotBalance, StockBalance, StockMovement, SupplyItem
from waypoint.supplies.services import imports

from .helpers import assert_ledger_consistent, stocked_catalog, van

CATALOG = """name,category,unit,reorder_point,tracks_lots,is_quick
Naloxone nasal spray 4 mg (2 doses),naloxone,kit,50,yes,yes
Xylazine test strip,Test strips,each,100,yes,no
Sharps container 2 gallon,disposal,each,5,no,no
"""

STOCK = """site,item,quantity,lot_number,expires_on,supplier,unit_cost
Site A,Syringe kit, 10 × 1 mL 28G,500,,,,0.80
Van,Naloxone nasal spray 4 mg (2 doses),24,nx-1,2027-03-31,State program,
Van,Naloxone nasal spray 4 mg (2 doses),12,NX-2,04/30/2027,State program,
"""


@pytest.fixture
def coordinator(world):
    return member(world.program, Role.COORDINATOR)


@pytest.fixture(autouse=True)
def _scope(world):
    with program_scope(world.program):
        yield


def _stock_csv() -> str:
    # The kit's name holds a comma: quote it as a spreadsheet would.
    return STOCK.replace("Syringe kit, 10 × 1 mL 28G", '"Syringe kit, 10 × 1 mL 28G"')


def test_catalog_import_creates_and_updates_by_name(world, coordinator):
    stocked_catalog(world.program)
    before = SupplyItem.unscoped.filter(program=world.program).count()
    result = imports.preview(world.program, imports.CATALOG, CATALOG.encode("utf-8-sig"))
    assert result.ok, result.problems
    assert [row.action for row in result.rows] == ["update", "update", "create"]
    assert SupplyItem.unscoped.filter(program=world.program).count() == before  # a dry run
    imports.run_import(world.program, imports.CATALOG, CATALOG, actor=coordinator)
    assert SupplyItem.unscoped.filter(program=world.program).count() == before + 1
    naloxone = SupplyItem.unscoped.get(name__startswith="Naloxone nasal")
    assert naloxone.reorder_point == 50 and naloxone.tracks_lots and naloxone.unit == "kit"
    assert AuditEvent.unscoped.filter(action="stock.import").exists()


def test_one_bad_row_imports_nothing_and_names_the_row(world, coordinator):
    stocked_catalog(world.program)
    bad = CATALOG + "Gauze,bandages,each,x,maybe,no\n"
    result = imports.preview(world.program, imports.CATALOG, bad)
    assert not result.ok
    problems = " ".join(result.problems)
    assert "Row 5" in problems and "Unknown category" in problems and "whole number" in problems
    with pytest.raises(imports.ImportRefused):
        imports.run_import(world.program, imports.CATALOG, bad, actor=coordinator)
    assert not SupplyItem.unscoped.filter(name="Sharps container 2 gallon").exists()


def test_stock_import_receives_at_each_site_with_lots(world, coordinator):
    items = stocked_catalog(world.program)
    the_van = van(world.program)
    result = imports.run_import(world.program, imports.STOCK, _stock_csv(), actor=coordinator)
    assert len(result.rows) == 3
    assert StockBalance.unscoped.get(site=world.site, item=items["kit"]).on_hand == 500
    assert StockBalance.unscoped.get(site=the_van, item=items["naloxone"]).on_hand == 36
    lots = dict(LotBalance.unscoped.values_list("lot__lot_number", "on_hand"))
    assert lots == {"NX-1": 24, "NX-2": 12}
    assert str(Lot.unscoped.get(lot_number="NX-2").expires_on) == "2027-04-30"
    assert_ledger_consistent(world.program)


def test_stock_import_problems(world, coordinator):
    stocked_catalog(world.program)
    van(world.program)
    text = _stock_csv() + (
        "Nowhere,Cookers,5,,,,\n"
        "Van,Naloxone nasal spray 4 mg (2 doses),5,,,,\n"
        "Van,Naloxone nasal spray 4 mg (2 doses),5,NX-1,2028-01-01,,\n"
        "Van,Cookers,0,,,,\n"
    )
    result = imports.preview(world.program, imports.STOCK, text)
    by_row = {row.number: " ".join(row.errors) for row in result.rows if row.errors}
    assert set(by_row) == {5, 6, 7, 8}
    assert "No active site" in by_row[5]
    assert "tracks lots" in by_row[6]
    assert "another expiry date" in by_row[7]
    assert "1 or more" in by_row[8]
    with pytest.raises(imports.ImportRefused):
        imports.run_import(world.program, imports.STOCK, text, actor=coordinator)
    assert not StockMovement.unscoped.exists()


def test_file_level_problems(world):
    assert "Missing column" in " ".join(
        imports.preview(world.program, imports.STOCK, "site,item\n").problems
    )
    assert "Unknown column" in " ".join(
        imports.preview(
            world.program, imports.CATALOG, "name,category,colour\nA,hygiene,red\n"
        ).problems
    )
    assert "UTF-8" in " ".join(
        imports.preview(world.program, imports.CATALOG, "name\n\xff".encode("latin-1")).problems
    )


def test_the_import_page_previews_then_imports(world, client_for, coordinator):
    stocked_catalog(world.program)
    client = client_for(coordinator)
    upload = SimpleUploadedFile("catalog.csv", CATALOG.encode(), content_type="text/csv")
    response = client.post("/stock/import/", {"kind": "catalog", "file": upload})
    page = response.content.decode()
    assert "Import 3 rows" in page and "new item" in page
    assert not SupplyItem.unscoped.filter(name="Sharps container 2 gallon").exists()
    response = client.post(
        "/stock/import/", {"kind": "catalog", "content": CATALOG, "confirm": "1"}
    )
    assert response.status_code == 302
    assert SupplyItem.unscoped.filter(name="Sharps container 2 gallon").exists()


def test_the_import_page_shows_row_errors(world, client_for, coordinator):
    stocked_catalog(world.program)
    upload = SimpleUploadedFile("stock.csv", b"site,item,quantity\nSite A,Nothing,3\n")
    page = (
        client_for(coordinator)
        .post("/stock/import/", {"kind": "stock", "file": upload})
        .content.decode()
    )
    assert "Row 2" in page and "Nothing was imported" in page and "Import 1 row" not in page


def test_the_command_dry_runs_and_imports(world, tmp_path, capsys):
    stocked_catalog(world.program)
    path = tmp_path / "catalog.csv"
    path.write_text(CATALOG, encoding="utf-8")
    call_command(
        "import_stock", str(path), program=world.program.slug, kind="catalog", dry_run=True
    )
    assert "3 rows would import" in capsys.readouterr().out
    assert not SupplyItem.unscoped.filter(name="Sharps container 2 gallon").exists()
    call_command("import_stock", str(path), program=world.program.slug, kind="catalog")
    assert SupplyItem.unscoped.filter(name="Sharps container 2 gallon").exists()
    path.write_text("name,category\nOops,nothing\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_stock", str(path), program=world.program.slug, kind="catalog")
    assert "Row 2" in capsys.readouterr().err
