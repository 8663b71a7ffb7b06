"""Program scoping: the one mechanism every query of program-owned data goes through.

A request (or a task, command or test) opens a scope naming the programs it may see.
A model that belongs to a program subclasses ``ProgramOwned``, whose default manager
filters its querysets to the programs in scope; a query made with no scope open raises
``ScopeError`` — an unscoped query is a bug, caught in tests.

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
    """Default manager of ``ProgramOwned`` models: filters by the model's ``program_path``.

    The path is read from the model, not given to the manager, because Django builds
    related managers (``site.hours``) by subclassing the default manager, calling it
    with no arguments and pointing it at the related model.
    """

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
        return queryset.filter(**{f"{self.model.program_path}__in": scope.program_ids})


class ProgramOwned(models.Model):
    """A row that belongs to one program.

    ``objects`` is scoped. ``unscoped`` is the base manager, which Django uses to follow
    a foreign key (``visit.participant``) and to save and delete: the row in hand was
    already reached through a scope, so those must neither filter nor raise.

    A model reaching its program through a relation names the path, e.g.
    ``program_path = "encounter__program"``. A subclass with Meta options of its own
    writes ``class Meta(ProgramOwned.Meta)`` so that it keeps ``base_manager_name``.
    """

    program_path = "program"

    objects = ProgramScopedManager()
    unscoped = models.Manager()

    class Meta:
        abstract = True
        base_manager_name = "unscoped"
