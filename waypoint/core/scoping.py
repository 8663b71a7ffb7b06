"""Program scoping: the one mechanism every query of program-owned data goes through.

A request (or a task, command or test) opens a scope naming the programs it may see.
A model that belongs to a program uses ``ProgramScopedManager`` as its default
manager: its querysets are filtered to the programs in scope, and a query made with
no scope open raises ``ScopeError`` — an unscoped query is a bug, caught in tests.

Code that must cross programs on purpose (public card lookup, network aggregates,
migrations, management commands) says so with ``scopes_disabled()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models


class ScopeError(RuntimeError):
    """A program-owned model was queried with no program scope active."""


@dataclass(frozen=True)
class Scope:
    program_ids: frozenset[int]
    unrestricted: bool = False


_current: ContextVar[Scope | None] = ContextVar("waypoint_program_scope", default=None)


def _program_id(program) -> int:
    return program if isinstance(program, int) else program.pk


@contextmanager
def program_scope(*programs) -> Iterator[Scope]:
    """Limit program-owned queries to ``programs`` (Program instances or ids)."""
    ids = frozenset(_program_id(p) for p in programs if p is not None)
    token = _current.set(Scope(program_ids=ids))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@contextmanager
def scopes_disabled() -> Iterator[Scope]:
    """Deliberately see every program (operators, aggregates across a network)."""
    token = _current.set(Scope(program_ids=frozenset(), unrestricted=True))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def current_scope() -> Scope | None:
    return _current.get()


def scoped_program_ids() -> Iterable[int] | None:
    """Program ids in scope, or None when unrestricted. Raises when no scope is open."""
    scope = _current.get()
    if scope is None:
        raise ScopeError("No program scope is active.")
    return None if scope.unrestricted else scope.program_ids


class ProgramScopedManager(models.Manager):
    """Default manager for program-owned models.

    ``program_field`` is the lookup path to the owning program. It is a class
    attribute, not an ``__init__`` argument, because Django builds related managers
    (``site.hours``) by subclassing the default manager and calling it with no
    arguments; use ``scoped_by("site__program")`` for an indirect path.
    """

    program_field = "program"

    def get_queryset(self):
        scope = _current.get()
        if scope is None:
            raise ScopeError(
                f"{self.model.__name__} was queried outside a program scope. Wrap the "
                "code in program_scope(...) or, when crossing programs is intended, "
                "scopes_disabled()."
            )
        queryset = super().get_queryset()
        if scope.unrestricted:
            return queryset
        return queryset.filter(**{f"{self.program_field}__in": scope.program_ids})


def scoped_by(program_field: str) -> ProgramScopedManager:
    """A scoped manager for a model that reaches its program through ``program_field``."""
    name = "ScopedBy_" + program_field.replace("__", "_")
    return type(name, (ProgramScopedManager,), {"program_field": program_field})()
