""".dockerignore read and applied as docker's client does (moby/patternmatcher, its ignorefile reader), for the
build context pydock sends over the ssh transport (shim/dockerignore.py)."""

from __future__ import annotations

import os

import pytest

from shim import dockerignore
from shim.context_stream import ContextStream


def test_the_file_is_read_as_docker_reads_it(tmp_path):
    (tmp_path / ".dockerignore").write_text("# a comment\n  *.log  \n\n!keep.log\n./build/\n/abs\n! spaced\n"
                                            " #not a comment\n")
    assert dockerignore.read(str(tmp_path / ".dockerignore")) == [
        "*.log", "!keep.log", "build", "abs", "!spaced", "#not a comment"]
    assert dockerignore.read(str(tmp_path / "none")) == []


@pytest.mark.parametrize(("patterns", "path", "excluded"), [
    (["*.log"], "a.log", True),
    (["*.log"], "sub/a.log", False),  # `*` stops at a folder
    (["**/*.log"], "sub/deeper/a.log", True),
    (["**/*.log"], "a.log", True),  # `**/` matches no folder too
    (["sub"], "sub/deeper/a.txt", True),  # a parent that matches leaves its contents out
    (["sub/**"], "sub/a", True),
    (["*.log", "!keep.log"], "keep.log", False),
    (["*.log", "!keep.log", "keep*"], "keep.log", True),  # the last pattern that decides wins
    (["a?c"], "abc", True), (["a?c"], "a/c", False),
    (["[a-c].txt"], "b.txt", True), (["[a-c].txt"], "d.txt", False),
    (["a.b"], "axb", False),  # `.` is no wildcard
    (["\\*x"], "*x", True), (["\\*x"], "ax", False),
    (["!nothing"], "x", False),
    (["docs", "!docs/keep.md"], "docs/keep.md", False),
    (["docs", "!docs/keep.md"], "docs/other.md", True),
])
def test_patterns_match_as_patternmatcher(patterns, path, excluded):
    assert dockerignore.Matcher(patterns).excluded(path) is excluded


def test_a_broken_class_is_an_error():
    with pytest.raises(ValueError, match="syntax error in pattern"):
        dockerignore.Matcher(["[a-"])


def _context(tmp_path, ignore: str):
    for rel in ("Dockerfile", "a.txt", "secret.txt", "docs/keep.md", "docs/x.md", "node_modules/m/i.js"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rel)
    (tmp_path / ".dockerignore").write_text(ignore)
    return tmp_path


def test_the_walk_skips_what_is_left_out_and_enters_a_folder_only_for_an_exception(tmp_path):
    ctx = _context(tmp_path, "secret.txt\nnode_modules\ndocs\n!docs/keep.md\n")
    sent = dockerignore.walk(str(ctx), dockerignore.Matcher(dockerignore.read(str(ctx / ".dockerignore"))))
    assert sent == [".dockerignore", "Dockerfile", "a.txt", "docs/keep.md"]


def test_the_stream_is_a_tar_of_the_context_and_the_dockerfile(tmp_path):
    import tarfile

    ctx = _context(tmp_path / "ctx", "secret.txt\nDockerfile\n")
    os.chmod(ctx / "a.txt", 0o640)
    stream = ContextStream(str(ctx), str(ctx / "Dockerfile"))
    stream.prepare()
    read, write = os.pipe()
    stream.start(write)
    with os.fdopen(read, "rb") as f, tarfile.open(fileobj=f, mode="r|") as tar:
        members = {m.name: m for m in tar}
    assert stream.finish() == ""
    # the Dockerfile goes on its own even when .dockerignore leaves it out of the context, as with BuildKit
    assert sorted(members) == ["context", "context/.dockerignore", "context/a.txt", "context/docs",
                               "context/docs/keep.md", "context/docs/x.md", "context/node_modules",
                               "context/node_modules/m", "context/node_modules/m/i.js", "dockerfile/Dockerfile"]
    assert members["context/a.txt"].mode == 0o640
    assert {(m.uid, m.gid, m.uname) for m in members.values()} == {(0, 0, "")}


def test_the_dockerfiles_own_ignore_file_wins(tmp_path):
    ctx = _context(tmp_path, "a.txt\n")
    (ctx / "Dockerfile.dockerignore").write_text("secret.txt\n")
    stream = ContextStream(str(ctx), str(ctx / "Dockerfile"))
    stream.prepare()
    assert "a.txt" in stream.paths
    assert "secret.txt" not in stream.paths
