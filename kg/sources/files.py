"""Writing output files so that a failure never leaves half of one behind.

Each file is written under a temporary name beside its target and renamed
over it only when everything it depends on has succeeded.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO


def stage(path: Path, write: Callable[[IO], None], binary: bool = False) -> str:
    """Write a temporary file beside path with ``write(stream)``; returns its name (not yet renamed)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as stream:
            write(stream)
        os.chmod(temporary, 0o644)
    except BaseException:
        discard([temporary])
        raise
    return temporary


def discard(temporaries: Iterable[str]) -> None:
    """Remove staged files that were not renamed into place."""
    for temporary in temporaries:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_all(files: dict[Path, str]) -> None:
    """Stage every text file first, then rename them all: all of them are replaced, or none."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            staged.append((stage(path, lambda stream, text=text: stream.write(text)), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        discard(temporary for temporary, _ in staged)
