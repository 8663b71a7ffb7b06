"""Objects for the suite-wide access test, by URL keyword.

Each ``tests/<app>/access_objects.py`` defines ``OBJECTS = {"<kwarg>": make}``, where
``make(world)`` creates (or finds) an object of ``world.program`` and returns the URL
value. ``tests/test_access.py`` merges them all; a view whose URL has a keyword no
module knows fails the suite until one does.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def collect() -> dict:
    objects = {}
    root = Path(__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.access_objects")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{info.name}.access_objects":
                raise
            continue
        objects.update(module.OBJECTS)
    return objects
