"""No code path of pydock's uses a shell (issue #14): argv are lists of str, run as they are. Checked on the source,
so that a shell added anywhere in shim/ fails here, whether or not a test reaches it; the fuzz tests
(test_fuzz_argv.py) check the commands that plans carry."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

SHIM = Path(__file__).resolve().parents[2] / "shim"
# Calls that hand a string to a shell.
SHELL_CALLS = {("os", "system"), ("os", "popen"), ("subprocess", "getoutput"), ("subprocess", "getstatusoutput"),
               ("asyncio", "create_subprocess_shell")}
SHELLS = {"sh", "bash", "dash", "/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/env"}
# `docker commit --change 'CMD text'` writes docker's shell form into the image's config, as docker does: the
# container's runtime reads it, pydock never runs it.
# cp_remote.py: a constant script for the remote's shell (ssh hands the remote a command line in any case), the
# user's paths passed as its quoted positional parameters, never spliced into it; build_ssh.py and compose_ssh.py
# alike (the remote's staging folder, nerdctl's build argv: positional parameters); builder.py's buildctl over ssh
# (the namespace and buildctl's argv: positional parameters of a constant script picking buildkitd's socket there);
# the ctr backend over ssh's constant scripts for a remote with no Python (remote_network.py: its CNI hook, which
# runc runs there, and the reads and writes of the network's files; registry_auth.py: ctr's hosts folder on a
# tmpfs; exec_env.py: the probe of the container's root), every value a positional parameter
SHELL_FORM_ALLOWED = {"commit_changes.py", "cp_remote.py", "build_ssh.py", "compose_ssh.py", "builder.py",
                      "remote_network.py", "registry_auth.py", "exec_env.py"}


@functools.cache
def _parsed() -> tuple[tuple[Path, ast.Module], ...]:
    return tuple((path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
                 for path in sorted(SHIM.rglob("*.py")))


def _sources():
    return _parsed()


def _dotted(node: ast.expr) -> tuple[str, ...]:
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        names.append(node.id)
    return tuple(reversed(names))


def test_the_source_is_scanned():
    assert len(list(SHIM.rglob("*.py"))) > 100


def test_no_shell_true_anywhere():
    found = [f"{path.relative_to(SHIM)}:{node.lineno}" for path, tree in _sources() for node in ast.walk(tree)
             if isinstance(node, ast.Call) and any(
                 k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                 for k in node.keywords)]
    assert found == []


def test_no_call_hands_a_string_to_a_shell():
    found = [f"{path.relative_to(SHIM)}:{node.lineno}" for path, tree in _sources() for node in ast.walk(tree)
             if isinstance(node, ast.Call) and _dotted(node.func)[-2:] in SHELL_CALLS]
    imported = [f"{path.relative_to(SHIM)}:{node.lineno}" for path, tree in _sources() for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and any((node.module, a.name) in SHELL_CALLS for a in node.names)]
    assert found == [] and imported == []


def test_no_argv_starts_a_shell_with_a_command_string():
    """A list literal `[SHELL, "-c", …]` is how a shell would sneak into an argv."""
    found = []
    for path, tree in _sources():
        if path.name in SHELL_FORM_ALLOWED:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, (ast.List, ast.Tuple)) or len(node.elts) < 2:
                continue
            words = [e.value if isinstance(e, ast.Constant) else None for e in node.elts[:2]]
            if words[0] in SHELLS and words[1] == "-c":
                found.append(f"{path.relative_to(SHIM)}:{node.lineno}")
    assert found == []
