"""A compose file's top-level `include`, rewritten for the copy of the project the ssh transport sends
(shim/compose_files.py): every entry names its files' copies, its project directory (this machine's path, as
compose-go resolves it: `project_directory` against the including file's directory, else the first file's folder)
and its env files' copies, so nerdctl's compose on the remote loads the included projects docker compose would.

The forms read (compose spec): a list of PATH, or of mappings with `path` (PATH or a list of them),
`project_directory` and `env_file` (PATH or a list), each list flow (`[a, b]`) or block. An entry naming a remote
resource (a URL) is left as it is, for the remote to fetch.
"""

from __future__ import annotations

import os

from shim.compose_files import Unreadable, indent, is_remote, key_of, quoted, scalar
from shim.compose_project import EXIT_COMPOSE
from shim.errors import DockerError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.compose_files import Rewriter

_ENTRY_KEYS = ("path", "project_directory", "env_file")
_NO_ENV = "/dev/null"  # compose-go reads no env file for an include whose env_file names only this


def rewrite_include(rewriter: Rewriter, rest: str, block: list[str]) -> list[str]:
    """The copy's `include:` lines; `rewriter` collects the files to send."""
    out = ["include:\n"]
    if rest:
        entries = [([f"  - {quoted(item)}\n"], {"path": (quoted(item), [])}) for item in _flow(rest, "include")]
    else:
        entries = [(item, _fields([item[0].replace("-", " ", 1), *item[1:]])) for item in _items(block)]
    for lines, fields in entries:
        paths = _strings(*fields["path"], "include: path") if "path" in fields else []
        if not paths:
            raise Unreadable("an `include` entry without a path")
        if any(is_remote(p) for p in paths):
            out += lines  # the remote fetches it, as compose would
            continue
        out += _entry(rewriter, paths, fields)
    return out


def _entry(rewriter: Rewriter, paths: list[str], fields: dict[str, tuple[str, list[str]]]) -> list[str]:
    directory = rewriter.source.directory  # the including file's: its relative paths resolve against it
    files = [rewriter.local(p) for p in paths]
    if "project_directory" in fields:
        project = rewriter.local(scalar(fields["project_directory"][0], "include: project_directory"))
    else:
        project = os.path.dirname(files[0])
    remotes = [rewriter.compose(f, project, project, False) for f in files]
    if "env_file" in fields:
        env_files = [_env_file(e, directory) for e in _strings(*fields["env_file"], "include: env_file")]
    else:  # compose's default: the included project's .env, when there is one
        default = os.path.join(project, ".env")
        env_files = [default] if os.path.isfile(default) else []
    # the copy names an env file in every case: the remote's own PROJECT/.env is not this machine's
    sent = [rewriter.sent(e) for e in env_files if e != _NO_ENV] or [_NO_ENV]
    return [f"  - path: [{', '.join(quoted(r) for r in remotes)}]\n",
            f"    project_directory: {quoted(project)}\n",
            f"    env_file: [{', '.join(quoted(s) for s in sent)}]\n"]


def _env_file(value: str, directory: str) -> str:
    """An include's env file, checked as compose-go checks it."""
    path = os.path.expanduser(value)
    if path == _NO_ENV:
        return path
    if not os.path.isabs(path):
        path = os.path.normpath(os.path.join(directory, path))
        if not os.path.exists(path):
            raise DockerError(f"stat {path}: no such file or directory", EXIT_COMPOSE)
    elif not os.path.exists(path):
        raise DockerError(f"couldn't find env file: {path}", EXIT_COMPOSE)
    if os.path.isdir(path):
        raise DockerError(f"{path} is not a file", EXIT_COMPOSE)
    return path


def _items(block: list[str]) -> list[list[str]]:
    """A block list's items, each its lines."""
    items: list[list[str]] = []
    dash = -1
    for line in block:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("-") and stripped[1:2] in ("", " ") and dash in (-1, indent(line)):
            dash = indent(line)
            items.append([line])
            continue
        if not items or indent(line) <= dash:
            raise Unreadable(f"`include` holding {stripped!r}")
        items[-1].append(line)
    return items


def _fields(entry: list[str]) -> dict[str, tuple[str, list[str]]]:
    """An include entry's keys → (the rest of the key's line, the lines under it); a plain PATH is `path`. The
    entry's dash is a space here: its first key keeps its column."""
    lines = [line for line in entry if line.strip() and not line.strip().startswith("#")]
    if not lines:
        raise Unreadable("an empty `include` entry")
    if key_of(lines[0]) is None:
        if len(lines) > 1:
            raise Unreadable(f"`include` holding {lines[0].strip()!r}")
        return {"path": (lines[0].strip(), [])}
    level = indent(lines[0])
    fields: dict[str, tuple[str, list[str]]] = {}
    key = ""
    for line in lines:
        found = key_of(line) if indent(line) == level else None
        if found:
            key = found[0]
            if key not in _ENTRY_KEYS:
                raise Unreadable(f"`include` holding {key!r}")
            fields[key] = (found[1], [])
        elif indent(line) > level and key:
            fields[key][1].append(line)
        else:
            raise Unreadable(f"`include` holding {line.strip()!r}")
    return fields


def _strings(rest: str, block: list[str], key: str) -> list[str]:
    """A string or a list of them, flow or block."""
    if rest.startswith("["):
        return _flow(rest, key)
    if rest:
        return [scalar(rest, key)]
    values = []
    for line in block:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not stripped.startswith("- "):
            raise Unreadable(f"`{key}` holding {stripped!r}")
        values.append(scalar(stripped[2:], key))
    return values


def _flow(rest: str, key: str) -> list[str]:
    text = rest.split(" #", 1)[0].strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise Unreadable(f"`{key}` written as {rest!r}")
    return [scalar(v, key) for v in text[1:-1].split(",") if v.strip()]
