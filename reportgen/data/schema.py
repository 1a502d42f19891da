"""The Frictionless data package descriptor (datasets/datapackage.json), read into plain objects.

The descriptor is the one place the tables' columns, types and constraints are defined."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import InputError

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string | number | integer
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str
    ref_field: str


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def _field(spec: dict) -> Field:
    c = spec.get("constraints", {})
    enum = c.get("enum")
    return Field(
        name=spec["name"],
        type=spec.get("type", "string"),
        required=bool(c.get("required", False)),
        enum=tuple(enum) if enum else None,
        pattern=c.get("pattern"),
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
        max_length=c.get("maxLength"),
    )


def read_package(data_dir: Path) -> list[Resource]:
    path = data_dir / DESCRIPTOR
    if not data_dir.is_dir():
        raise InputError(f"The data directory {data_dir} does not exist. Pass --data DIR pointing "
                         f"at a folder that holds {DESCRIPTOR} and its CSV files.")
    if not path.is_file():
        raise InputError(f"{path} is missing: a data directory needs its {DESCRIPTOR} descriptor "
                         "(copy it from the shipped datasets/).")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        resources = []
        for r in descriptor["resources"]:
            if not isinstance(r["path"], str) or Path(r["path"]).is_absolute() or ".." in Path(r["path"]).parts:
                raise InputError(f"{path}: resource '{r.get('name')}' has path {r['path']!r}; paths must be "
                                 "relative and stay inside the data directory.")
            schema = r["schema"]
            pk = schema.get("primaryKey", [])
            fks = tuple(
                ForeignKey(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
                for fk in schema.get("foreignKeys", [])
            )
            resources.append(Resource(
                name=r["name"], path=r["path"],
                fields=tuple(_field(f) for f in schema["fields"]),
                primary_key=tuple([pk] if isinstance(pk, str) else pk),
                foreign_keys=fks,
            ))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path} is not a valid data package descriptor ({exc}).") from exc
    return resources
