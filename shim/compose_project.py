"""Which compose project a `docker compose` call means: its files, directory and name, found as docker compose
(compose-go) finds them, so pydock can name the project to the backend explicitly and list its containers.

The rules: `-f` files (relative to the working directory), else COMPOSE_FILE (split on COMPOSE_PATH_SEPARATOR,
":" by default), else the first of compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml in the
project directory or, without --project-directory, the working directory and then each parent, with its
`.override` file beside it. The directory is --project-directory, else the first file's folder (`-f -`, the
file on stdin, has none: the working directory is the project's). The name is -p, else COMPOSE_PROJECT_NAME, else the
files' top-level `name:`, else the directory's base name, each lowercased with everything but [a-z0-9_-] dropped.
COMPOSE_* variables may also come from the project's `.env` file.
"""

from __future__ import annotations

import os
import re
import sys

from shim.errors import DockerError

_DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
_OVERRIDES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yml",
              "docker-compose.override.yaml")
_TOP_LEVEL_NAME = re.compile(r"^name:[ \t]*(['\"]?)([^'\"#\s]+)\1[ \t]*(#.*)?$", re.MULTILINE)
EXIT_COMPOSE = 1  # docker compose exits 1 for every error of its own


class Project:
    """The project of one call, resolved once; plain values the backend turns into its own options."""

    __slots__ = ("files", "directory", "name", "env_files", "profiles", "stdin")

    def __init__(self, files: list[str], directory: str, name: str, env_files: list[str],
                 profiles: list[str], stdin: bytes | None = None) -> None:
        self.files = files  # absolute paths, in merge order ("-": the file on stdin)
        self.directory = directory
        self.name = name
        self.env_files = env_files  # --env-file as given ([] for compose's default, DIRECTORY/.env)
        self.profiles = profiles
        self.stdin = stdin  # the file on stdin, when pydock read it (read_stdin)

    def __repr__(self) -> str:
        return f"Project({self.name!r}, {self.files!r})"


def resolve(values: dict[str, object], cwd: str, environ: dict[str, str], read_stdin: bool = False) -> Project:
    """The project that `docker compose`'s own flags (parsed) and the environment select. With read_stdin, a `-f -`
    file is read here, once (the ssh transport sends it as it sends the others)."""
    given_dir = str(values.get("project-directory") or "")
    env_files = [str(f) for f in values.get("env-file") or []]  # type: ignore[union-attr]
    start = os.path.abspath(os.path.join(cwd, given_dir)) if given_dir else cwd
    dotenv = _dotenv(env_files, start, cwd)
    variables = {**dotenv, **environ}  # the environment wins over .env, as in docker compose
    files = _files([str(f) for f in values.get("file") or []], cwd, start, bool(given_dir), variables)  # type: ignore[union-attr]
    # compose-go's GetWorkingDir: the first file's folder, the file on stdin having none
    directory = start if given_dir else next((os.path.dirname(f) for f in files if f != "-"), cwd)
    profiles = [str(p) for p in values.get("profile") or []]  # type: ignore[union-attr]
    if not profiles and variables.get("COMPOSE_PROFILES"):
        profiles = [p for p in variables["COMPOSE_PROFILES"].split(",") if p]
    stdin = sys.stdin.buffer.read() if read_stdin and "-" in files else None
    return Project(files, directory, _name(values, variables, files, directory, stdin), env_files, profiles, stdin)


def _files(given: list[str], cwd: str, start: str, fixed_dir: bool, variables: dict[str, str]) -> list[str]:
    if not given and variables.get("COMPOSE_FILE"):
        given = [f for f in variables["COMPOSE_FILE"].split(variables.get("COMPOSE_PATH_SEPARATOR") or ":") if f]
    if given:
        files = [f if f == "-" else os.path.abspath(os.path.join(cwd, f)) for f in given]
        for f in files:
            if f != "-" and not os.path.exists(f):
                raise DockerError(f"open {f}: no such file or directory", EXIT_COMPOSE)
        return files
    folder = start
    while True:
        found = next((os.path.join(folder, n) for n in _DEFAULT_FILES if os.path.isfile(os.path.join(folder, n))), "")
        if found:
            override = next((os.path.join(folder, n) for n in _OVERRIDES if os.path.isfile(os.path.join(folder, n))),
                            "")
            return [found, override] if override else [found]
        parent = os.path.dirname(folder)
        if fixed_dir or parent == folder:
            raise DockerError("no configuration file provided: not found", EXIT_COMPOSE)
        folder = parent


def _name(values: dict[str, object], variables: dict[str, str], files: list[str], directory: str,
          stdin: bytes | None) -> str:
    given = str(values.get("project-name") or "")
    if given:
        return normalize(given)
    if variables.get("COMPOSE_PROJECT_NAME"):
        return normalize(variables["COMPOSE_PROJECT_NAME"])
    named = ""
    for path in files:
        try:
            if path == "-":
                match = _TOP_LEVEL_NAME.search(stdin.decode(errors="replace")) if stdin is not None else None
            else:
                with open(path, encoding="utf-8", errors="replace") as f:
                    match = _TOP_LEVEL_NAME.search(f.read())
        except OSError:
            continue
        if match and "$" not in match.group(2):  # an interpolated name is the backend's to work out
            named = match.group(2)  # a later file overrides an earlier one, as compose merges them
    return normalize(named or os.path.basename(directory.rstrip("/")) or "default")


def normalize(name: str) -> str:
    """compose-go's NormalizeProjectName: lowercase, and only [a-z0-9_-] kept."""
    return re.sub(r"[^a-z0-9_-]", "", name.lower())


def _dotenv(env_files: list[str], start: str, cwd: str) -> dict[str, str]:
    """COMPOSE_* settings of the project's env files (--env-file, else DIRECTORY/.env): `KEY=VALUE` lines,
    quotes around the value dropped; the other variables are the backend's to interpolate."""
    for f in env_files:
        if not os.path.isfile(os.path.join(cwd, f)):
            raise DockerError(f"couldn't find env file: {os.path.abspath(os.path.join(cwd, f))}", EXIT_COMPOSE)
    paths = [os.path.join(cwd, f) for f in env_files] or [os.path.join(start, ".env")]
    found: dict[str, str] = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.read().splitlines()
        except OSError:
            continue
        for line in lines:
            key, sep, value = line.strip().removeprefix("export ").partition("=")
            if sep and key.strip().startswith("COMPOSE_"):
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                    value = value[1:-1]
                found[key.strip()] = value
    return found
