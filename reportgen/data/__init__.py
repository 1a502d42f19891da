"""Datasets: the package descriptor, reading CSVs, validation, and the typed Dataset.

The names below are imported on first use: `reportgen.data.files` (the safe reader the build
cache uses) must not bring pandas into a warm build, which imports nothing heavy."""

from __future__ import annotations

from importlib import import_module

_WHERE = {"Dataset": "reportgen.data.dataset", "load_dataset": "reportgen.data.dataset",
          "validate": "reportgen.data.validate"}

__all__ = list(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'reportgen.data' has no attribute {name!r}")
