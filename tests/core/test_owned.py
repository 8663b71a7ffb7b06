"""Every model that belongs to a program says so once, by subclassing ``ProgramOwned``.

The models are found from their relations, not from the base class: any model whose
foreign keys lead to a program must be program-owned, scoped by default and unscoped
as its base manager. The sources are read too, so the three lines the base replaces
are not pasted back into a model."""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from waypoint.core.models import Program, SiteHours
from waypoint.core.scoping import ProgramOwned, ProgramScopedManager, program_scope

from ..factories import SiteHoursFactory

WAYPOINT = Path(__file__).resolve().parent.parent.parent / "waypoint"
SCOPING = WAYPOINT / "core" / "scoping.py"


def _waypoint_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("waypoint.")]


def _reaches_program(model: type[models.Model]) -> bool:
    """Whether following the model's foreign keys and one-to-ones leads to a program."""
    seen, todo = {model}, deque([model])
    while todo:
        current = todo.popleft()
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            target = field.related_model
            if target is Program:
                return True
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return False


def _end_of(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


OWNED = [m for m in _waypoint_models() if m is not Program and _reaches_program(m)]


def test_the_walk_finds_the_program_owned_models():
    names = {m._meta.label for m in OWNED}
    assert {"core.Site", "core.SiteHours", "encounters.EncounterItem"} <= names
    assert "core.Network" not in names


@pytest.mark.parametrize("model", OWNED, ids=lambda m: m._meta.label)
def test_program_owned_model_uses_the_base(model):
    assert issubclass(model, ProgramOwned)
    assert _end_of(model, model.program_path) is Program
    assert model._meta.base_manager_name == "unscoped"
    assert type(model._base_manager) is models.Manager
    assert model._default_manager.name == "objects"
    assert isinstance(model._default_manager, ProgramScopedManager)


def test_only_program_owned_models_use_the_base():
    subclasses = {m for m in _waypoint_models() if issubclass(m, ProgramOwned)}
    assert subclasses == set(OWNED)


def _class_level_names(tree: ast.Module) -> list[tuple[str, str, int]]:
    """(class, name, line) of every name assigned directly in a class body."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            if isinstance(statement, ast.Assign):
                targets = statement.targets
            elif isinstance(statement, ast.AnnAssign):
                targets = [statement.target]
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name):
                    found.append((node.name, target.id, statement.lineno))
    return found


def _calls_scoped_manager(tree: ast.Module) -> list[int]:
    """Lines that make a ``ProgramScopedManager()``, however it was imported."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == "ProgramScopedManager":
                lines.append(node.lineno)
    return lines


def test_no_model_declares_the_scoped_managers_itself():
    pasted = []
    for path in sorted(WAYPOINT.rglob("*.py")):
        if "migrations" in path.parts or path == SCOPING:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(WAYPOINT)
        pasted += [
            f"{where}:{line} {cls}.{name}"
            for cls, name, line in _class_level_names(tree)
            if name in {"unscoped", "base_manager_name"}
        ]
        pasted += [f"{where}:{line} ProgramScopedManager()" for line in _calls_scoped_manager(tree)]
    assert pasted == [], "Subclass ProgramOwned instead of declaring its managers."


def test_related_manager_follows_the_model_path(world):
    """``site.hours`` is built by Django from the default manager with no arguments; it
    must still scope through ``SiteHours.program_path``."""
    own = SiteHoursFactory(site=world.site)
    other = SiteHoursFactory(site=world.other_site)
    with program_scope(world.program):
        assert list(SiteHours.objects.all()) == [own]
        assert list(world.site.hours.all()) == [own]
        assert list(world.other_site.hours.all()) == []
        assert SiteHours.unscoped.get(pk=other.pk) == other
