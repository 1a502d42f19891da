"""The Frictionless data package descriptor (datasets/datapackage.json), read into plain objects.

The descriptor is the one place the tables' columns, types and constraints are defined."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.data.files import UnsafeFile
from reportgen.data.folder import DataFolder
from reportgen.data.registry import FACT_TABLES
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


TYPES = ("string", "number", "integer")
# The tables a brief is built from: the reference tables, then the fact tables.
REQUIRED_RESOURCES = ("platforms", "sources", "categories", "schemes", "claims", "calendar", *FACT_TABLES)
MAX_DESCRIPTOR_BYTES = 1_000_000


class DescriptorError(ValueError):
    """The descriptor parses as JSON but does not describe a data package reportgen can use."""


def _expect(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise DescriptorError(f"{where} must be {what}")


def _field(spec, where: str) -> Field:
    _expect(isinstance(spec, dict), where, "an object")
    _expect(isinstance(spec.get("name"), str) and spec["name"].strip() != "", f"{where}.name", "a non-empty string")
    where = f"{where} ('{spec['name']}')"
    kind = spec.get("type", "string")
    _expect(kind in TYPES, f"{where}.type", f"one of {', '.join(TYPES)}")
    c = spec.get("constraints", {})
    _expect(isinstance(c, dict), f"{where}.constraints", "an object")
    enum = c.get("enum")
    _expect(enum is None or isinstance(enum, list) and all(isinstance(v, str) for v in enum),
            f"{where}.constraints.enum", "a list of strings")
    _expect(isinstance(c.get("required", False), bool), f"{where}.constraints.required", "true or false")
    pattern = c.get("pattern")
    _expect(pattern is None or isinstance(pattern, str), f"{where}.constraints.pattern", "a string")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise DescriptorError(f"{where}.constraints.pattern is not a valid regular expression ({exc})") from None
    for bound in ("minimum", "maximum"):
        value = c.get(bound)
        _expect(value is None or isinstance(value, (int, float)) and not isinstance(value, bool),
                f"{where}.constraints.{bound}", "a number")
    length = c.get("maxLength")
    _expect(length is None or isinstance(length, int) and not isinstance(length, bool) and length > 0,
            f"{where}.constraints.maxLength", "a positive whole number")
    return Field(
        name=spec["name"], type=kind, required=c.get("required", False), enum=tuple(enum) if enum else None,
        pattern=pattern, minimum=c.get("minimum"), maximum=c.get("maximum"), max_length=length,
    )


def _resource(r, where: str) -> Resource:
    _expect(isinstance(r, dict), where, "an object")
    _expect(isinstance(r.get("name"), str) and r["name"] != "", f"{where}.name", "a non-empty string")
    where = f"resource '{r['name']}'"
    path = r.get("path")
    _expect(isinstance(path, str) and path != "", f"{where}.path", "a file name")
    if Path(path).is_absolute() or ".." in Path(path).parts:
        raise DescriptorError(f"{where} has path {path!r}; paths must be relative and stay inside the data directory")
    schema = r.get("schema")
    _expect(isinstance(schema, dict) and isinstance(schema.get("fields"), list) and schema["fields"],
            f"{where}.schema.fields", "a non-empty list")
    fields = tuple(_field(f, f"{where}.schema.fields[{i}]") for i, f in enumerate(schema["fields"]))
    names = [f.name for f in fields]
    _expect(len(set(names)) == len(names), f"{where}.schema.fields", "uniquely named")
    pk = schema.get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else pk
    _expect(isinstance(pk, list) and all(isinstance(k, str) and k in names for k in pk),
            f"{where}.schema.primaryKey", "a field name or a list of the resource's field names")
    fks = schema.get("foreignKeys", [])
    _expect(isinstance(fks, list), f"{where}.schema.foreignKeys", "a list")
    keys = []
    for i, fk in enumerate(fks):
        ok = (isinstance(fk, dict) and isinstance(fk.get("fields"), str) and fk["fields"] in names
              and isinstance(fk.get("reference"), dict) and isinstance(fk["reference"].get("resource"), str)
              and isinstance(fk["reference"].get("fields"), str))
        _expect(ok, f"{where}.schema.foreignKeys[{i}]", "{fields: a field, reference: {resource, fields}}")
        keys.append(ForeignKey(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"]))
    return Resource(name=r["name"], path=path, fields=fields, primary_key=tuple(pk), foreign_keys=tuple(keys))


def read_package(folder: DataFolder) -> list[Resource]:
    data_dir = folder.root
    path = data_dir / DESCRIPTOR
    if not data_dir.is_dir():
        raise InputError(f"The data directory {data_dir} does not exist. Pass --data DIR pointing "
                         f"at a folder that holds {DESCRIPTOR} and its CSV files.")
    try:
        raw = folder.read(DESCRIPTOR, MAX_DESCRIPTOR_BYTES)
    except UnsafeFile as exc:
        if exc.code == "file-missing":
            raise InputError(f"{path} is missing: a data directory needs its {DESCRIPTOR} descriptor "
                             "(copy it from the shipped datasets/).") from None
        raise InputError(f"{path}: {exc}.") from None
    try:
        descriptor = json.loads(raw.decode("utf-8"))
        _expect(isinstance(descriptor, dict) and isinstance(descriptor.get("resources"), list) and descriptor["resources"],
                "its 'resources'", "a non-empty list")
        resources = [_resource(r, f"resources[{i}]") for i, r in enumerate(descriptor["resources"])]
        names = [r.name for r in resources]
        _expect(len(set(names)) == len(names), "resource names", "unique")
        for r in resources:
            for fk in r.foreign_keys:
                target = next((t for t in resources if t.name == fk.resource), None)
                _expect(target is not None and fk.ref_field in target.field_names,
                        f"resource '{r.name}': foreign key to '{fk.resource}.{fk.ref_field}'", "a resource and field of the package")
        if missing := [n for n in REQUIRED_RESOURCES if n not in names]:
            raise DescriptorError(f"it lists no resource {', '.join(repr(n) for n in missing)}; a brief needs "
                                  f"{', '.join(REQUIRED_RESOURCES)}")
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise InputError(f"{path} is not a valid data package descriptor: {reason}.") from None
    return resources
