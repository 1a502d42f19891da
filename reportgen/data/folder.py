"""A data folder read once: every file's bytes, taken by the safe reader's rules (files.py), so
a command's stages (the cache key, validation, the commentary, the pins, the PDF's data
package) read the same bytes and the disk only once."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.data.files import UnsafeFile, read_data_file, size_text

# The largest file read at all; each kind of file has its own, smaller limit (read(max_bytes)).
FOLDER_FILE_LIMIT = 20_000_000


@dataclass(frozen=True)
class DataFolder:
    """Every file of a data folder as it was when read, by its path relative to the folder
    ('metrics.csv', 'commentary/2026Q1.en.md'), and the files that could not be read, with why."""

    root: Path
    files: dict[str, bytes] = field(default_factory=dict)
    refused: dict[str, UnsafeFile] = field(default_factory=dict)

    def read(self, relative: str, max_bytes: int) -> bytes:
        """A file's bytes, or UnsafeFile: why it was not read, its size over `max_bytes`, or missing."""
        if relative in self.refused:
            raise self.refused[relative]
        data = self.files.get(relative)
        if data is None:
            # Not found by the walk (which does not enter linked folders): read it as any data
            # file is read, so a link that stays inside the folder still works.
            return read_data_file(self.root / relative, self.root, max_bytes)
        if len(data) > max_bytes:
            raise UnsafeFile("file-too-large", f"the file is {size_text(len(data))}; the limit is {size_text(max_bytes)} "
                                               "(is it the right file?)")
        return data

    def names(self, folder: str) -> list[str]:
        """The files directly inside a subfolder (read or refused), sorted."""
        prefix = folder.rstrip("/") + "/"
        return sorted({name[len(prefix):] for name in (*self.files, *self.refused)
                       if name.startswith(prefix) and "/" not in name[len(prefix):]})

    def digest(self, skip=lambda relative: False) -> str:
        """A hash of every file (a refused one by its name and why): equal digests, equal data."""
        h = hashlib.sha256()
        for name in sorted((*self.files, *self.refused)):
            if skip(name):
                continue
            h.update(name.encode("utf-8") + b"\0")
            h.update(self.files[name] if name in self.files else f"unsafe:{self.refused[name].code}".encode())
            h.update(b"\0")
        return h.hexdigest()


def read_folder(root: Path | str) -> DataFolder:
    """Read every file under `root` once (links to folders are not followed; a link out of the
    folder, a pipe or an oversized file is recorded as refused, never read)."""
    root = Path(root)
    files: dict[str, bytes] = {}
    refused: dict[str, UnsafeFile] = {}
    if not root.is_dir():
        return DataFolder(root)
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            try:
                files[relative] = read_data_file(path, root, FOLDER_FILE_LIMIT)
            except UnsafeFile as exc:
                refused[relative] = exc
    return DataFolder(root, files, refused)
