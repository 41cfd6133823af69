"""Folders on a disk that is full or read-only, for the tests of every command that writes.

Both are small tmpfs mounts (the tests run as root on CI); where mounting is impossible the
test is skipped with the reason. A read-only folder is a tmpfs remounted read-only, since
file permissions do not stop root.
"""

from __future__ import annotations

import errno
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(folder: Path, size: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command: cannot make a full or read-only disk here")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@contextmanager
def disk(folder: Path, files: dict[str, bytes], *, state: str, size: str = "8m") -> Iterator[Path]:
    """``folder`` on its own tmpfs holding ``files``, then made ``full`` or ``readonly``."""
    _mount(folder, size)
    try:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        if state == "full":
            fill(folder)
        elif state == "readonly":
            done = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")
        yield folder
    finally:
        _unmount(folder)


def fill(folder: Path) -> None:
    """Write to ``folder`` until its disk has no byte left."""
    with (folder / ".filler").open("wb", buffering=0) as fh:
        block = b"\0" * 65536
        try:
            while True:
                fh.write(block)
        except OSError as e:
            if e.errno != errno.ENOSPC:
                raise
        try:
            while True:
                fh.write(b"\0")
        except OSError as e:
            if e.errno != errno.ENOSPC:
                raise
