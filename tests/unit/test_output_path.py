"""docker's refusals of a `save -o` path (moby/sys atomicwriter), checked before anything runs."""

from __future__ import annotations

import os

import pytest

from shim.output_path import output_problem


def _make(tmp_path, kind: str) -> str:
    path = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        path.symlink_to("elsewhere.tar")
    elif kind == "directory":
        path.mkdir()
    elif kind == "file":
        path.write_text("old")
    elif kind == "setuid":
        path.write_text("old")
        path.chmod(0o4644)
    return str(path)


@pytest.mark.parametrize(("kind", "problem"), [
    ("absent", ""),
    ("file", ""),  # replaced, as docker's rename does
    ("fifo", "cannot write to a named pipe (FIFO)"),
    ("symlink", "cannot write to a symbolic link directly"),
    ("directory", "cannot write to a directory"),
    ("setuid", "cannot write to a setuid file"),
])
def test_kinds_of_file(tmp_path, kind, problem):
    assert output_problem(_make(tmp_path, kind)) == problem


@pytest.mark.parametrize(("path", "problem"), [
    ("/dev/null", "cannot write to a character device file"),  # only looked at, never opened
    ("", "file name is empty"),
    ("x.tar", ""),
])
def test_paths(path, problem):
    assert output_problem(path) == problem


def test_missing_or_file_folder(tmp_path):
    assert output_problem(str(tmp_path / "nodir" / "x.tar")) == (
        f"invalid output path: stat {tmp_path}/nodir: no such file or directory")
    (tmp_path / "f").write_text("")
    assert output_problem(str(tmp_path / "f" / "x.tar")) == f"invalid output path: stat {tmp_path}/f: not a directory"
