"""The local files a compose file names beside itself, found and renamed for a copy of the project elsewhere (the
ssh transport's remote: shim/backends/nerdctl/compose_ssh.py). docker compose reads a service's `env_file` and
`label_file` on the client and sends its `build` context from there; nerdctl's compose on the remote would look for
them at this machine's paths, so they are sent too and the copy of the compose file names the copies.

pydock has no YAML parser (none on the hot path, none as a dependency): this reads the block forms compose files
use for these keys, at a service's level (`services: NAME: KEY`):
  env_file: PATH | [PATH, …] | a block list of PATH or `path: PATH` (with `required:`); label_file likewise;
  build: PATH | a block mapping whose `context:` is PATH (none: the project directory).
Anything else there (an anchor, a tag, a variable in a path, a flow mapping, `additional_contexts`, build `ssh` or
`secrets`) raises Unreadable, which the caller refuses in compose's voice. Other lines are kept byte for byte.
"""

from __future__ import annotations

import os
import re

_KEY = re.compile(r"""([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]+(.*))?$""")
_FILE_KEYS = ("env_file", "label_file")
_LOCAL_BUILD_KEYS = ("additional_contexts", "ssh", "secrets")


class Unreadable(ValueError):
    """A form of the keys that pydock does not follow; the message says which."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scalar(text: str, key: str) -> str:
    text = text.split(" #", 1)[0].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    elif text[:1] in ("&", "*", "!", "{", "[", "|", ">"):
        raise Unreadable(f"`{key}` written as {text!r}")
    if "$" in text or not text:
        raise Unreadable(f"`{key}` written as {text!r}")
    return text


def _quoted(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Rewriter:
    """Rewrites compose files' local paths; `env_files` and `contexts` collect what to send (local → remote)."""

    def __init__(self, directory: str, folder: str) -> None:
        self.directory = directory  # the project directory, against which compose resolves relative paths
        self.folder = folder  # the remote folder the copies go to
        self.files: dict[str, str] = {}  # a local env or label file → its remote copy
        self.contexts: dict[str, str] = {}  # a local build context folder → its remote copy
        self.dockerfiles: dict[str, set[str]] = {}  # a context → its Dockerfiles (sent even when .dockerignore'd)

    def local(self, value: str) -> str:
        return os.path.normpath(os.path.join(self.directory, os.path.expanduser(value)))

    def _file(self, value: str, key: str, required: bool) -> str | None:
        path = self.local(_scalar(value, key))
        if not os.path.isfile(path):
            if not required:
                return None  # docker compose skips an env file that is not required and not there
            from shim.errors import DockerError

            raise DockerError(f"env file {path} not found: stat {path}: no such file or directory", 1)
        return self.files.setdefault(path, f"{self.folder}/file-{len(self.files)}-{os.path.basename(path)}")

    def _context(self, value: str, dockerfile: str = "Dockerfile") -> str:
        if "://" in value or value.startswith("git@"):
            return value  # a remote context: fetched where the build runs, as with docker
        path = self.local(value)
        self.dockerfiles.setdefault(path, set()).add(os.path.normpath(dockerfile))
        return self.contexts.setdefault(path, f"{self.folder}/context-{len(self.contexts)}")

    def rewrite(self, text: str) -> str:
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
            indent = _indent(line)
            key = match.group(1).strip("\"'")
            while stack and stack[-1][0] >= indent:
                stack.pop()
            path = [k for _, k in stack] + [key]
            stack.append((indent, key))
            end = i + 1
            while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent or (
                    _indent(lines[end]) == indent and lines[end].lstrip().startswith("- "))):
                end += 1
            if len(path) == 3 and path[0] == "services" and key in (*_FILE_KEYS, "build"):
                rest = (match.group(2) or "").strip()
                block = lines[i + 1:end]
                lead = line[:indent]
                out += self._files(lead, key, rest, block) if key in _FILE_KEYS else self._build(lead, rest, block)
                i = end
                continue
            out.append(line)
            i += 1
        return "".join(out)

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
                    entries[-1] = (entries[-1][0], _scalar(item[9:], key).lower() != "false")
                else:
                    raise Unreadable(f"`{key}` holding {item!r}")
        remote = [self._file(value, key, required) for value, required in entries]
        return [f"{lead}{key}: [{', '.join(_quoted(r) for r in remote if r is not None)}]\n"]

    def _build(self, lead: str, rest: str, block: list[str]) -> list[str]:
        if rest:
            return [f"{lead}build: {_quoted(self._context(_scalar(rest, 'build')))}\n"]
        inner = min((_indent(line) for line in block if line.strip() and not line.strip().startswith("#")), default=0)
        out, context, dockerfile = [f"{lead}build:\n"], "", "Dockerfile"
        for line in block:  # the Dockerfile's name first: it goes with its context
            match = _KEY.match(line.strip()) if _indent(line) == inner else None
            if match and match.group(1).strip("\"'") == "dockerfile":
                dockerfile = _scalar(match.group(2) or "", "build: dockerfile")
        if os.path.isabs(dockerfile) or os.path.normpath(dockerfile).startswith(".."):
            raise Unreadable("a `build: dockerfile` outside the build context")
        for line in block:
            match = _KEY.match(line.strip()) if _indent(line) == inner else None
            key = match.group(1).strip("\"'") if match else ""
            if key in _LOCAL_BUILD_KEYS:
                raise Unreadable(f"`build: {key}`")
            if key == "context":
                context = _scalar(match.group(2) or "", "build: context")  # type: ignore[union-attr]
                out.append(f"{' ' * inner}context: {_quoted(self._context(context, dockerfile))}\n")
                continue
            out.append(line)
        if not context:  # the project directory is the context
            out.insert(1, f"{' ' * (inner or len(lead) + 2)}context: {_quoted(self._context('.', dockerfile))}\n")
        return out
