"""The one way to read a file from the data folder. A shared data folder is untrusted: only a
regular file is read (never a FIFO, device or directory, which could block or mislead), a link
that leads outside the folder is refused without being followed, and nothing over its size
limit is read. A refusal names the file, never the content of what a link points at."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeFile(Exception):
    """A data-folder file that cannot be read safely; `code` and the message say why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def check_data_file(path: Path, root: Path) -> int:
    """The size of `path` if it may be read as a data file; raise UnsafeFile otherwise."""
    if path.is_symlink() and not inside(path, root):
        raise UnsafeFile("link-outside", "the file is a link that leads outside the data folder; it is not read. "
                                         "Put the file itself in the folder")
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise UnsafeFile("dangling-link", "the file is a link to nothing; put the file itself in the folder") from None
        raise UnsafeFile("file-missing", "the file is missing") from None
    except OSError as exc:
        raise UnsafeFile("unreadable", f"the file cannot be read ({exc.strerror})") from None
    if not inside(path, root):
        raise UnsafeFile("link-outside", "the file lies outside the data folder (through a linked folder); it is not read")
    if stat.S_ISDIR(info.st_mode):
        raise UnsafeFile("not-a-file", "this is a folder where a file is expected")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile("not-a-file", "this is not a regular file (a pipe, socket or device?); only files are read")
    return info.st_size


def read_data_file(path: Path, root: Path, max_bytes: int) -> bytes:
    """The bytes of a data-folder file, read by the rules above."""
    size = check_data_file(path, root)
    if size > max_bytes:
        raise UnsafeFile("file-too-large", f"the file is {size_text(size)}; the limit is {size_text(max_bytes)} "
                                           "(is it the right file?)")
    try:
        # O_NONBLOCK: if the file was swapped for a pipe since the check, opening it cannot hang.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise UnsafeFile("unreadable", f"the file cannot be read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise UnsafeFile("not-a-file", "this is not a regular file; only files are read")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnsafeFile("file-too-large", f"the file is over the {size_text(max_bytes)} limit")
    return data


def size_text(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} KB"
