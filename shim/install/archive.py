"""Unpacking release archives safely: tarfile's `data` filter (no absolute paths, no `..`, no devices,
no links leaving the folder), into a private folder first, so a refused archive leaves nothing behind."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile

from shim.install.errors import InstallError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def extract(archive: str, dest_dir: str, *, select: Callable[[str], str | None] | None = None) -> list[str]:
    """Extract archive (tar, tar.gz) into dest_dir; returns the relative paths written.

    `select(member)` gives a member's destination relative to dest_dir, or None to skip it.
    """
    os.makedirs(dest_dir, exist_ok=True)
    private = tempfile.mkdtemp(prefix=".extract-", dir=dest_dir)
    try:
        written = _extract(archive, private, select)
        for rel in written:
            target = os.path.join(dest_dir, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(os.path.join(private, rel), target)
        return written
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _extract(archive: str, into: str, select: Callable[[str], str | None] | None) -> list[str]:
    try:
        tar = tarfile.open(archive)  # noqa: SIM115 - closed below, after the checks
    except (tarfile.TarError, OSError) as e:
        raise InstallError(f"pydock install: {os.path.basename(archive)} is not a readable archive: {e}") from None
    written: list[str] = []
    with tar:
        members = []
        for member in tar.getmembers():
            if member.isdir():
                continue
            parts = member.name.split("/")
            if member.name.startswith("/") or ".." in parts:
                # The data filter would quietly make these relative; an archive carrying them is suspect.
                raise InstallError(f"pydock install: refusing {os.path.basename(archive)}: member "
                                   f"{member.name!r} is unsafe (it points outside the archive)")
            rel = select(member.name) if select else member.name.removeprefix("./")
            if rel is None:
                continue
            try:
                checked = tarfile.data_filter(member, into)  # raises for unsafe members
            except tarfile.FilterError as e:
                raise InstallError(f"pydock install: refusing {os.path.basename(archive)}: member "
                                   f"{member.name!r} is unsafe ({type(e).__name__})") from None
            members.append(checked.replace(name=rel))
            written.append(rel)
        for member in members:
            try:
                tar.extract(member, into, filter="data")
            except tarfile.FilterError as e:
                raise InstallError(f"pydock install: refusing {os.path.basename(archive)}: member "
                                   f"{member.name!r} is unsafe ({type(e).__name__})") from None
            except OSError as e:
                if e.errno == 28:
                    raise InstallError(f"pydock install: no space left while unpacking {archive}") from None
                raise
    return written
