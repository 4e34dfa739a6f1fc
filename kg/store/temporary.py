"""Temporary stores: a build without --store works in one, removed when it ends.

A build killed with SIGKILL (or by the out-of-memory killer) runs no
clean-up, so its temporary store, as large as the corpus's graphs, would
stay in the temporary folder for ever (issue 11). Each one is named after
its build's process, and a build first removes those whose process is gone
and whose store no process holds.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .database import held_elsewhere  # RocksDB's fcntl lock on LOCK: a process (maybe in another PID namespace) holds it

PREFIX = "kg-build-"
_NAME = re.compile(rf"{PREFIX}(\d+)-")


@contextmanager
def temporary_folder() -> Iterator[Path]:
    """A new folder in the temporary folder, removed on exit; abandoned ones are removed first."""
    remove_abandoned()
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-") as folder:
        yield Path(folder)


def remove_abandoned(parent: str | os.PathLike | None = None) -> list[Path]:
    """Remove the temporary folders of builds that were killed; returns them."""
    removed = []
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        found = _NAME.match(folder.name)
        if found and folder.is_dir() and not _running(int(found.group(1))) and not held_elsewhere(folder / "store" / "LOCK"):
            shutil.rmtree(folder, ignore_errors=True)  # another user's folder stays: it is not ours to remove
            if not folder.exists():
                removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
