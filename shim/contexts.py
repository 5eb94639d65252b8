"""docker's context commands (create, ls, use, show, inspect, rm, update, export, import) on docker's own context
store (shim/context_store.py), so docker and pydock share contexts. Client-side as in docker: nothing runs, no
daemon is asked, and a context whose endpoint pydock cannot reach yet (ssh://) is still listed and edited.

Output, messages and exit codes are docker CLI 28.2.2's.
"""

from __future__ import annotations

import os

from shim import context_store as stored
from shim.context_store import DEFAULT
from shim.errors import DockerError
from shim.plan import Done
from shim.values import go_quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed

DESCRIPTION = "Current DOCKER_HOST based configuration"
OVERRIDDEN = ("Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set "
              "the global --context flag, or unset DOCKER_HOST environment variable.")
EMULATED = ("context create", "context export", "context import", "context inspect", "context ls", "context list",
            "context rm", "context remove", "context show", "context update", "context use")
_NAME_RULE = "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-")
_LOCAL = "/run/containerd/containerd.sock"  # what the default context reaches: the local containerd


def not_found(name: str, config_dir: str) -> str:
    return stored.not_found(name, stored.config_dir(config_dir))


class _Call:
    """What every context command needs: the store's folder and the global flags."""

    __slots__ = ("folder", "store")

    def __init__(self, store: dict[str, object]) -> None:
        self.store = store
        self.folder = stored.config_dir(str(store.get("config") or ""))

    def current(self) -> str:
        from shim.context_resolve import current_name

        return current_name(self.store)

    def default_meta(self) -> dict:
        """The default context, as docker builds it in memory: -H or DOCKER_HOST, else the local containerd."""
        from shim.backends import socket_from_host
        from shim.context_resolve import default_host

        host = default_host(self.store)
        try:
            local = socket_from_host(host) if host else ""
        except DockerError:
            local = None  # a remote host: shown as given
        shown = host if local is None else "unix://" + (local or _LOCAL)
        return {"Name": DEFAULT, "Metadata": {},
                "Endpoints": {"docker": {"Host": shown, "SkipTLSVerify": False}}}

    def meta(self, name: str) -> dict:
        return self.default_meta() if name == DEFAULT else stored.load(self.folder, name)


def answer(parsed: Parsed, store: dict[str, object]) -> Done:
    """docker's answer for one of its context commands."""
    call = _Call(store)
    verb = parsed.path.split(" ")[1]
    verb = {"list": "ls", "remove": "rm"}.get(verb, verb)
    return _VERBS[verb](parsed, call)


# -- names -------------------------------------------------------------------------------------------------

def _check_name(name: str) -> None:
    if not name:
        raise DockerError("context name cannot be empty")
    if name == DEFAULT:
        return
    if len(name) < 2 or name[0] in "_.+-" or any(c not in _NAME_CHARS for c in name):
        raise DockerError(f'context name {go_quote(name)} is invalid, names are validated against regexp '
                          f'"{_NAME_RULE}"')


def _check_new_name(call: _Call, name: str) -> None:
    """docker's checks of a name for a context to be created or imported."""
    _check_name(name)
    if name == DEFAULT:
        raise DockerError('"default" is a reserved context name')
    if stored.exists(call.folder, name):
        raise DockerError(f"context {go_quote(name)} already exists")


# -- create / update ---------------------------------------------------------------------------------------

def _own_endpoint(parsed: Parsed) -> dict | None:
    """pydock's fields from `--pydock namespace=…,socket=…` (None when not given)."""
    given = parsed.get("pydock")
    if not isinstance(given, dict):
        return None
    keys = {"namespace": "Namespace", "socket": "Socket"}
    for key in given:
        if key not in keys:
            raise DockerError(f"unable to create pydock endpoint config: unrecognized config key: {key}")
    return {keys[k]: v for k, v in given.items() if v}


def _docker_endpoint(call: _Call, options: dict[str, str]) -> tuple[dict, dict[str, bytes]]:
    from shim.context_endpoint import endpoint

    try:
        return endpoint(options, call.meta)
    except DockerError as e:
        raise DockerError(f"unable to create docker endpoint config: {e.message}") from None


def _create(parsed: Parsed, call: _Call) -> Done:
    name = parsed.args[0]
    _check_new_name(call, name)
    options = parsed.get("docker") if isinstance(parsed.get("docker"), dict) else {}
    source = parsed.text("from")
    if source and options:
        raise DockerError("cannot use --docker flag when --from is set")
    description = parsed.text("description")
    tls: dict[str, bytes] = {}
    if source or not options:  # a copy of the named context, else of the current one
        source = source or call.current()
        original = call.meta(source)
        metadata = dict(original.get("Metadata") or {})
        endpoints = dict(original.get("Endpoints") or {})
        if source == DEFAULT:  # docker describes the copy as it lists the default context
            metadata["Description"] = DESCRIPTION
        else:
            tls = stored.tls_files(call.folder, source)
    else:
        docker, tls = _docker_endpoint(call, options)
        metadata, endpoints = {}, {"docker": docker}
    if description:
        metadata["Description"] = description
    own = _own_endpoint(parsed)
    if own is not None:
        endpoints[stored.PYDOCK_ENDPOINT] = own
    stored.save(call.folder, {"Name": name, "Metadata": metadata, "Endpoints": endpoints}, tls)
    return Done(0, name + "\n", f"Successfully created context {go_quote(name)}")


def _update(parsed: Parsed, call: _Call) -> Done:
    name = parsed.args[0]
    if name == DEFAULT:
        raise DockerError('"default" is a reserved context name')
    meta = stored.load(call.folder, name)
    metadata = dict(meta.get("Metadata") or {})
    endpoints = dict(meta.get("Endpoints") or {})
    description = parsed.text("description")
    if description:
        metadata["Description"] = description
    tls = None
    options = parsed.get("docker")
    if isinstance(options, dict) and options:
        endpoints["docker"], tls = _docker_endpoint(call, options)
    own = _own_endpoint(parsed)
    if own is not None:
        endpoints[stored.PYDOCK_ENDPOINT] = own
    if tls is not None:
        import shutil

        shutil.rmtree(os.path.join(stored.tls_dir(call.folder, name), "docker"), ignore_errors=True)
    stored.save(call.folder, {**meta, "Metadata": metadata, "Endpoints": endpoints}, tls)
    return Done(0, name + "\n", f"Successfully updated context {go_quote(name)}")


# -- use / show / rm ---------------------------------------------------------------------------------------

def _use(parsed: Parsed, call: _Call) -> Done:
    name = parsed.args[0]
    _check_name(name)
    if name != DEFAULT and not stored.exists(call.folder, name):
        raise DockerError(not_found(name, call.folder))
    stored.set_current(call.folder, name)
    err = f"Current context is now {go_quote(name)}"
    if name != DEFAULT and os.environ.get("DOCKER_HOST"):
        err += (f"\nWarning: DOCKER_HOST environment variable overrides the active context. To use {go_quote(name)}, "
                "either set the global --context flag, or unset DOCKER_HOST environment variable.")
    return Done(0, name + "\n", err)


def _show(parsed: Parsed, call: _Call) -> Done:
    return Done(0, call.current() + "\n")


def _rm(parsed: Parsed, call: _Call) -> Done:
    current = call.current()
    removed, errors = [], []
    for name in parsed.args:
        if name == DEFAULT:
            errors.append('context "default" cannot be removed')
        elif name == current and not parsed.get("force"):
            errors.append(f"context {go_quote(name)} is in use, set -f flag to force remove")
        elif not stored.exists(call.folder, name):
            errors.append(f"context {go_quote(name)} does not exist")
        else:
            if name == current:  # docker clears config.json's currentContext, whatever named this one
                stored.set_current(call.folder, DEFAULT)
            stored.remove(call.folder, name)
            removed.append(name + "\n")
    return Done(int(bool(errors)), "".join(removed), "\n".join(errors))


# -- ls / inspect ------------------------------------------------------------------------------------------

def _every(call: _Call) -> list[dict]:
    from shim.output.context_views import natural

    found = [m for m in stored.every(call.folder, strict=True) if m["Name"] != DEFAULT]
    found.append(call.default_meta())
    return sorted(found, key=lambda m: natural(m["Name"]))


def _ls(parsed: Parsed, call: _Call) -> Done:
    from shim.output import context_views

    current = call.current()
    rows = [context_views.row(m, current, DESCRIPTION if m["Name"] == DEFAULT else "") for m in _every(call)]
    if not any(r["Name"] == current for r in rows):  # docker lists a current context it cannot find, with why
        rows.append(context_views.missing_row(current, not_found(current, call.folder)))
        rows.sort(key=lambda r: context_views.natural(r["Name"]))
    done = Done(0, context_views.render_list(rows, parsed.text("format"), parsed.get("quiet") is True))
    if os.environ.get("DOCKER_HOST"):
        done.stderr = OVERRIDDEN
    return done


def _inspect(parsed: Parsed, call: _Call) -> Done:
    from shim.output import context_views

    found, missing = [], []
    for name in parsed.args or [call.current()]:
        try:
            meta = call.meta(name)
        except DockerError as e:
            missing.append(e.message)
            continue
        in_memory = name == DEFAULT
        tls = {} if in_memory else stored.tls_files(call.folder, name)
        paths = ("<IN MEMORY>", "<IN MEMORY>") if in_memory else \
            (stored.meta_dir(call.folder, name), stored.tls_dir(call.folder, name))
        found.append(context_views.inspected(meta, tls, paths))
    text, error = context_views.render_inspect(found, parsed.text("format"))
    errors = "\n".join([*missing, error] if error else missing)
    return Done(int(bool(errors)), text, errors)


# -- export / import ---------------------------------------------------------------------------------------

def _export(parsed: Parsed, call: _Call) -> Done:
    name = parsed.args[0]
    target = parsed.args[1] if len(parsed.args) > 1 else f"{name}.dockercontext"
    if target == "-":
        import sys

        data = _archive(call, name)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return Done(0)
    try:  # docker creates the file before it reads the context: an unknown one leaves it empty
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as e:
        raise DockerError(f"open {target}: {(e.strerror or '').lower()}") from None
    with os.fdopen(fd, "wb") as f:
        f.write(_archive(call, name))
    return Done(0, "", f"Written file {go_quote(target)}")


def _archive(call: _Call, name: str) -> bytes:
    from shim import context_archive

    meta = call.meta(name)
    return context_archive.pack(meta, {} if name == DEFAULT else stored.tls_files(call.folder, name))


def _import(parsed: Parsed, call: _Call) -> Done:
    from shim import context_archive

    name, source = parsed.args
    _check_new_name(call, name)
    if source == "-":
        import sys

        try:
            data = sys.stdin.buffer.read()
        except (OSError, AttributeError) as e:
            raise DockerError(f"read /dev/stdin: {e}") from None
    else:
        try:
            with open(source, "rb") as f:
                data = f.read()
        except OSError as e:
            raise DockerError(f"open {source}: {(e.strerror or '').lower()}") from None
    meta, tls = context_archive.unpack(data)
    stored.save(call.folder, {**meta, "Name": name}, tls)
    return Done(0, name + "\n", f"Successfully imported context {go_quote(name)}")


_VERBS = {"create": _create, "update": _update, "use": _use, "show": _show, "rm": _rm, "ls": _ls,
          "inspect": _inspect, "export": _export, "import": _import}
