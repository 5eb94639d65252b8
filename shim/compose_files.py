"""The local files a compose file names beside itself, found and renamed for a copy of the project elsewhere (the
ssh transport's remote: shim/backends/nerdctl/compose_ssh.py). docker compose reads on the client the compose files
a top-level `include` or a service's `extends: file:` names, a service's `env_file` and `label_file` and an
include's env files, and sends a `build` context from there; nerdctl's compose on the remote would look for them
at this machine's paths, so they are sent too and the copies name the copies (a service's env and label files: in
a folder of the project's that stays from call to call, when the caller names one: their paths count in the hash
that tells nerdctl's `up` whether a service changed).

Each compose file is read against a directory, as compose-go reads it: the project directory for the files of the
project, an include's project directory (`project_directory`, else its first file's folder) for the files it
includes, and its own folder for a file a service extends. A relative path resolves against it; the copy of an
included file names that directory explicitly (the copy lives elsewhere), and the copy of an extended file names
its relative bind mounts' sources in full (compose would resolve them against the copy's folder).

pydock has no YAML parser (none on the hot path, none as a dependency): this reads the block forms compose files
use for these keys (shim/compose_include.py for `include`), at a service's level (`services: NAME: KEY`):
  env_file: PATH | [PATH, …] | a block list of PATH or `path: PATH` (with `required:`); label_file likewise;
  build: PATH | a block mapping whose `context:` is PATH (none: the project directory, or an include's);
  extends: SERVICE | a block mapping whose `file:` is PATH; in an extended file, volumes: a block list.
Anything else there (an anchor, a tag, a variable in a path, a flow mapping, `additional_contexts`, build `ssh` or
`secrets`) raises Unreadable, which the caller refuses in compose's voice. Other lines are kept byte for byte.
"""

from __future__ import annotations

import os
import re

from shim.compose_project import EXIT_COMPOSE
from shim.errors import DockerError

_KEY = re.compile(r"""([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]+(.*))?$""")
_FILE_KEYS = ("env_file", "label_file")
_LOCAL_BUILD_KEYS = ("additional_contexts", "ssh", "secrets")


class Unreadable(ValueError):
    """A form of the keys that pydock does not follow; the message says which."""


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def scalar(text: str, key: str) -> str:
    """A plain or quoted YAML scalar as a path; Unreadable for the forms pydock does not follow."""
    text = text.split(" #", 1)[0].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    elif text[:1] in ("&", "*", "!", "{", "[", "|", ">"):
        raise Unreadable(f"`{key}` written as {text!r}")
    if "$" in text or not text:
        raise Unreadable(f"`{key}` written as {text!r}")
    return text


def quoted(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


def key_of(line: str) -> tuple[str, str] | None:
    """(key, the rest of the line) of a `KEY: …` line, else None."""
    match = _KEY.match(line.strip())
    return (match.group(1).strip("\"'"), (match.group(2) or "").strip()) if match else None


def is_remote(value: str) -> bool:
    """A URL or git address: fetched where it is used, as with docker."""
    return "://" in value or value.startswith("git@")


class Source:
    """One compose file to copy: where it is, the directory its relative paths resolve against, the directory whose
    defaults (a build without a context) apply to it, whether a service extends it, and its copy's path."""

    __slots__ = ("path", "directory", "home", "extended", "remote")

    def __init__(self, path: str, directory: str, home: str, extended: bool, remote: str) -> None:
        self.path, self.directory, self.home, self.extended, self.remote = path, directory, home, extended, remote


class Rewriter:
    """Rewrites compose files' local paths; `files`, `kept`, `contexts` and `pending` collect what to send (local →
    remote)."""

    def __init__(self, folder: str, keep_in: str = "") -> None:
        self.folder = folder  # the remote folder the copies go to
        # the remote folder the services' env and label files go to instead, when given: nerdctl's compose hashes
        # their paths with the service's config, so a path that stays the same keeps `up` from recreating it
        self.keep_in = keep_in
        self.source = Source("", "", "", False, "")  # the file being rewritten
        self.files: dict[str, str] = {}  # a local env or label file → its remote copy
        self.kept: dict[str, str] = {}  # a service's local env or label file → its copy in `keep_in`
        self.contexts: dict[str, str] = {}  # a local build context folder → its remote copy
        self.dockerfiles: dict[str, set[str]] = {}  # a context → its Dockerfiles (sent even when .dockerignore'd)
        self.composes: dict[tuple[str, str, str, bool], Source] = {}  # the compose files the files name
        self.pending: list[Source] = []  # those of them not rewritten yet

    def local(self, value: str) -> str:
        return os.path.normpath(os.path.join(self.source.directory, os.path.expanduser(value)))

    def file(self, value: str, key: str, required: bool) -> str | None:
        path = self.local(scalar(value, key))
        if not os.path.isfile(path):
            if not required:
                return None  # docker compose skips an env file that is not required and not there
            raise DockerError(f"env file {path} not found: stat {path}: no such file or directory", EXIT_COMPOSE)
        if not self.keep_in:
            return self.sent(path)
        # named after the local path, not after the order the files come in: a file the compose files name
        # earlier on (another service's) leaves this one's copy, and so its service's hash, as it was
        import hashlib

        name = f"{hashlib.sha256(path.encode()).hexdigest()[:16]}-{os.path.basename(path)}"
        return self.kept.setdefault(path, f"{self.keep_in}/{name}")

    def sent(self, path: str) -> str:
        """The remote copy of an env or label file."""
        return self.files.setdefault(path, f"{self.folder}/file-{len(self.files)}-{os.path.basename(path)}")

    def compose(self, path: str, directory: str, home: str, extended: bool) -> str:
        """The remote copy of a compose file the file being rewritten names (its copy made later, from `pending`)."""
        if not os.path.isfile(path):
            raise DockerError(f"open {path}: no such file or directory", EXIT_COMPOSE)
        key = (path, directory, home, extended)
        if key not in self.composes:
            remote = f"{self.folder}/compose-{len(self.composes)}-{os.path.basename(path)}"
            self.composes[key] = Source(path, directory, home, extended, remote)
            self.pending.append(self.composes[key])
        return self.composes[key].remote

    def _context(self, value: str, dockerfile: str = "Dockerfile") -> str:
        if is_remote(value):
            return value  # a remote context: fetched where the build runs, as with docker
        path = self.local(value)
        self.dockerfiles.setdefault(path, set()).add(os.path.normpath(dockerfile))
        return self.contexts.setdefault(path, f"{self.folder}/context-{len(self.contexts)}")

    def rewrite(self, text: str, source: Source) -> str:
        """The copy of `text`, the compose file `source` says where it is and how compose reads it."""
        self.source = source
        lines = text.splitlines(keepends=True)
        out: list[str] = []
        stack: list[tuple[int, str]] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            stripped = line.strip()
            match = _KEY.match(stripped)
            if not stripped or stripped.startswith(("#", "- ")) or match is None:
                out.append(line)
                i += 1
                continue
            level = indent(line)
            key = match.group(1).strip("\"'")
            while stack and stack[-1][0] >= level:
                stack.pop()
            path = [k for _, k in stack] + [key]
            stack.append((level, key))
            end = i + 1
            while end < len(lines) and (not lines[end].strip() or indent(lines[end]) > level or (
                    indent(lines[end]) == level and lines[end].lstrip().startswith("- "))):
                end += 1
            rest = (match.group(2) or "").strip()
            rest = "" if rest.startswith("#") else rest  # `KEY:  # a comment`: the value is on the lines below
            rewritten = self._rewritten(path, line[:level], rest, lines[i + 1:end])
            if rewritten is None:
                out.append(line)
                i += 1
                continue
            out += rewritten
            i = end
        return "".join(out)

    def _rewritten(self, path: list[str], lead: str, rest: str, block: list[str]) -> list[str] | None:
        """The lines of a key pydock follows (`path` leads to it), else None."""
        key = path[-1]
        if path == ["include"] and not self.source.extended:  # compose skips an extended file's include
            from shim.compose_include import rewrite_include

            return rewrite_include(self, rest, block)
        if len(path) != 3 or path[0] != "services":
            return None
        if key in _FILE_KEYS:
            return self._files(lead, key, rest, block)
        if key == "build":
            return self._build(lead, rest, block)
        if key == "extends":
            return self._extends(lead, rest, block)
        if key == "volumes" and self.source.extended:
            return self._volumes(lead, rest, block)
        return None

    def _files(self, lead: str, key: str, rest: str, block: list[str]) -> list[str]:
        entries: list[tuple[str, bool]] = []
        if rest.startswith("[") and rest.endswith("]"):
            entries = [(v, True) for v in rest[1:-1].split(",") if v.strip()]
        elif rest:
            entries = [(rest, True)]
        else:
            current: list[str] = []  # a long-syntax item: path, then required
            for line in block:
                item = line.strip()
                if not item or item.startswith("#"):
                    continue
                if item.startswith("- "):
                    item = item[2:].strip()
                    if not item.startswith(("path:", "required:")):
                        entries.append((item, True))
                        continue
                    current = []
                if item.startswith("path:"):
                    entries.append((item[5:], True))
                    current = [item]
                elif item.startswith("required:") and entries and current:
                    entries[-1] = (entries[-1][0], scalar(item[9:], key).lower() != "false")
                else:
                    raise Unreadable(f"`{key}` holding {item!r}")
        remote = [self.file(value, key, required) for value, required in entries]
        return [f"{lead}{key}: [{', '.join(quoted(r) for r in remote if r is not None)}]\n"]

    def _build(self, lead: str, rest: str, block: list[str]) -> list[str]:
        if rest:
            return [f"{lead}build: {quoted(self._context(scalar(rest, 'build')))}\n"]
        inner = min((indent(line) for line in block if line.strip() and not line.strip().startswith("#")), default=0)
        out, context, dockerfile = [f"{lead}build:\n"], "", "Dockerfile"
        for line in block:  # the Dockerfile's name first: it goes with its context
            found = key_of(line) if indent(line) == inner else None
            if found and found[0] == "dockerfile":
                dockerfile = scalar(found[1], "build: dockerfile")
        if os.path.isabs(dockerfile) or os.path.normpath(dockerfile).startswith(".."):
            raise Unreadable("a `build: dockerfile` outside the build context")
        for line in block:
            found = key_of(line) if indent(line) == inner else None
            key = found[0] if found else ""
            if key in _LOCAL_BUILD_KEYS:
                raise Unreadable(f"`build: {key}`")
            if found and key == "context":
                context = scalar(found[1], "build: context")
                out.append(f"{' ' * inner}context: {quoted(self._context(context, dockerfile))}\n")
                continue
            out.append(line)
        if not context:  # the context is the directory whose defaults apply (an extended file's is its user's)
            context = quoted(self._context(self.source.home, dockerfile))
            out.insert(1, f"{' ' * (inner or len(lead) + 2)}context: {context}\n")
        return out

    def _extends(self, lead: str, rest: str, block: list[str]) -> list[str]:
        if rest[:1] in ("{", "&", "*", "!"):
            raise Unreadable(f"`extends` written as {rest!r}")
        if rest:  # `extends: SERVICE`: a service of the same file
            return [f"{lead}extends: {rest}\n"]
        inner = min((indent(line) for line in block if line.strip() and not line.strip().startswith("#")), default=0)
        out = [f"{lead}extends:\n"]
        for line in block:
            found = key_of(line) if indent(line) == inner else None
            if found and found[0] == "file":
                value = scalar(found[1], "extends: file")
                if is_remote(value):
                    raise Unreadable("`extends: file` naming a remote resource")
                path = self.local(value)
                # compose reads the extended file against its own folder; the home stays its user's
                remote = self.compose(path, os.path.dirname(path), self.source.home, True)
                out.append(f"{' ' * inner}file: {quoted(remote)}\n")
                continue
            out.append(line)
        return out

    def _volumes(self, lead: str, rest: str, block: list[str]) -> list[str]:
        """An extended file's volumes, relative bind mount sources named in full: compose resolves them against the
        extended file's folder, which its copy's is not."""
        if rest:
            if re.search(r"(^|[\[,])\s*['\"]?[.~]", rest):
                raise Unreadable(f"`volumes` written as {rest!r}")
            return [f"{lead}volumes: {rest}\n"]
        out = [f"{lead}volumes:\n"]
        for line in block:
            stripped = line.strip()
            item = stripped[2:].strip() if stripped.startswith("- ") else ""
            found = key_of(item or stripped)
            if item and found is None and item.strip("\"'")[:1] in (".", "~"):  # SOURCE:TARGET[:MODE]
                source, sep, target = item.strip("\"'").partition(":")
                out.append(f"{line[:indent(line)]}- {quoted(self.local(source) + sep + target)}\n")
            elif found and found[0] == "source" and found[1].strip("\"'")[:1] in (".", "~"):
                start = line.index("source")
                out.append(f"{line[:start]}source: {quoted(self.local(scalar(found[1], 'volumes: source')))}\n")
            else:
                out.append(line)
        return out
