"""nerdctl's failures, restated the way docker reports them.

nerdctl logs through logrus; on a pipe a record reads `time="…" level=fatal msg="1 errors:\\nno such
container: x"` and nerdctl exits 1 for every failure. docker prints `Error response from daemon: No such
container: x` and uses 125 for `run`'s own failures, 126/127 when the container command cannot be
invoked or found, and the process's own code otherwise (nerdctl's exec loses that code: recover it).
"""

from __future__ import annotations

from shim import reference
from shim.daemon_errors import (
    DAEMON,
    cannot_connect,
    invalid_restart_policy,
    no_such_container,
    no_such_image,
    not_paused,
    not_running,
    still_running,
)
from shim.errors import EXIT_CANNOT_INVOKE, EXIT_DAEMON, EXIT_GENERAL, EXIT_NOT_FOUND
from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.plan import Result

LOG_PREFIX = b'time="'
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def parse_record(line: str) -> dict[str, str]:
    """logfmt as logrus writes it: key=value pairs, values in Go quoting when they need it."""
    fields: dict[str, str] = {}
    i, n = 0, len(line)
    while i < n:
        while i < n and line[i] == " ":
            i += 1
        eq = line.find("=", i)
        if eq < 0:
            break
        key = line[i:eq]
        i = eq + 1
        if i < n and line[i] == '"':
            i += 1
            out = []
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n:
                    out.append(_ESCAPES.get(line[i + 1], line[i + 1]))
                    i += 2
                else:
                    out.append(line[i])
                    i += 1
            fields[key] = "".join(out)
            i += 1
        else:
            end = line.find(" ", i)
            end = n if end < 0 else end
            fields[key] = line[i:end]
            i = end
    return fields


def _strip_count(message: str) -> list[str]:
    """nerdctl wraps per-object failures as `N errors:\\n<one per line>`."""
    lines = message.split("\n")
    if len(lines) > 1 and lines[0].endswith(" errors:"):
        return [ln for ln in lines[1:] if ln]
    return [message]


def _unreachable_socket(message: str) -> str:
    """The containerd socket nerdctl could not reach, or "" when the message is about something else."""
    if message.startswith('cannot access containerd socket "'):
        return message.split('"', 2)[1]
    if message.startswith("lstat ") and message.endswith(".sock: no such file or directory"):
        return message[len("lstat "):].split(": ", 1)[0]  # volume commands stat the socket first
    if message.startswith("connection error:") and "dial unix " in message:
        return message.split("dial unix ", 1)[1].split(":", 1)[0]
    return ""


# gRPC's words for a containerd connection that broke during a call (a socket that was never there is
# _unreachable_socket's): the server closed it, reset it or is shutting down.
_LOST = ("error reading from server: ", "transport is closing", "rpc error: code = Unavailable")


# The containerd socket given with -H for this call ("" for nerdctl's own choice): set by translate().
given_address = ""


def _connection_lost(line: str) -> bool:
    return "level=fatal" in line and any(lost in line for lost in _LOST)


def _lost(run_like: bool, path: str) -> Done:
    """containerd went away mid-command (stopped, restarted): docker's words for a daemon that does not answer,
    rather than nerdctl's gRPC stream errors."""
    from shim.backends.nerdctl.names import containerd_address

    text = cannot_connect(containerd_address(given_address))
    if run_like:
        return Done(EXIT_DAEMON, stderr=f"docker: {text}\n\nRun 'docker {path} --help' for more information")
    return Done(EXIT_GENERAL, stderr=text)


def docker_message(message: str, verb: str = "", names: tuple[str, ...] = ()) -> str:
    """One nerdctl error message in docker's words, as the docker CLI on Docker Engine prints it. `names`:
    the objects as the user typed them, where docker's wording depends on the form (`save`)."""
    socket = _unreachable_socket(message)
    if socket:
        # docker's wording, which scripts look for, with the socket pydock really tried.
        return cannot_connect(socket)
    low = message.lower()
    for prefix, noun in (("no such container: ", "container"), ("no such container ", "container"),
                         ("no such image: ", "image"), ("no such image ", "image")):
        if low.startswith(prefix):
            name = message[len(prefix):]
            return no_such_image(name) if noun == "image" else no_such_container(name)
    gone = _vanished_container(message)
    if gone:
        return no_such_container(_as_typed(gone, names, verb))
    if " is in running status" in message and message.startswith("container "):
        return still_running(_as_typed(message.split(" ", 2)[1], names, verb))
    if message.endswith("no basic auth credentials"):
        return _no_credentials(verb, names)
    for rule in _RULES:
        text = rule(message, verb)
        if text is not None:
            return text
    return DAEMON + _runtime_failure(message)


def _runtime_failure(message: str) -> str:
    """An OCI runtime failure as Engine 29 words it: its own `failed to create task for container: ` before
    containerd's create failure, runc ≥ 1.2's `error during container init: ` (Engine 29 ships such a runc;
    an older one on the host lacks it), and no grpc code suffix (nerdctl's `: unknown`)."""
    if "OCI runtime" not in message:
        return message
    message = message.removesuffix(": unknown")
    if message.startswith("failed to create shim task: "):
        message = "failed to create task for container: " + message
    start, init = "unable to start container process: ", "error during container init: "
    if start in message and start + init not in message and "OCI runtime exec failed" not in message:
        message = message.replace(start, start + init, 1)
    return message


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def _image_not_found(message: str, verb: str) -> str | None:
    if not (message.startswith('image "') and message.endswith('": not found')):
        return None
    ref = _between(message, 'image "', '"')
    if verb == "push":
        return f"tag does not exist: {reference.familiar(ref)}"  # Engine 29's push, said by the client
    return f"{DAEMON}No such image: {reference.familiar(ref)}"


def _image_not_available(message: str, _verb: str) -> str | None:
    if message.startswith('image not available: "'):
        ref = _between(message, '"', '"')
        return f"{DAEMON}No such image: {reference.familiar(ref)}"
    return None


def _container_gone(message: str, verb: str) -> str | None:
    """A container missing, or gone between nerdctl's lookup and its call to containerd, or not running."""
    for prefix in ("no container found for: ", "no container is found given the string: "):  # cp, attach
        if message.startswith(prefix):
            return f"{DAEMON}No such container: {message[len(prefix):]}"
    if "no running task found: task " in message:  # it exists and has no running process
        cid = _between(message, "no running task found: task ", " ")
        if verb == "attach":
            return "You cannot attach to a stopped container, start it first"  # docker's client says it
        return not_paused(cid) if verb == "unpause" else not_running(cid)
    if message.startswith("container ") and message.endswith(" is not paused"):
        return not_paused(message[len("container "):-len(" is not paused")])
    return None


def _vanished_container(message: str) -> str:
    """The ID in containerd's `container "ID" in namespace "NS": not found`: nerdctl found the container by
    name, and it was gone (removed by `run -d --rm`, say) by the time nerdctl acted on it. "" otherwise."""
    if message.startswith('container "') and message.endswith('": not found') and '" in namespace "' in message:
        return message.split('"', 2)[1]
    return ""


# Commands whose first argument is their one container; the others take several.
_ONE_CONTAINER = ("exec", "logs", "port", "top", "attach", "commit", "export", "diff", "rename", "update")


def _as_typed(cid: str, names: tuple[str, ...], verb: str) -> str:
    """docker's daemon names a missing container as the request did: the name or ID the user typed."""
    for name in names:
        if name and cid.startswith(name):
            return name
    if names and (len(names) == 1 or verb in _ONE_CONTAINER):
        return names[0]
    return cid


def _object_gone(message: str, verb: str) -> str | None:
    """A volume or network that `inspect` cannot find, in docker's words."""
    if verb != "inspect":
        return None
    if message.startswith("volume-store error\nnot found\n") and message.endswith('/volume.json" does not exist'):
        name = message.rsplit('\n"', 1)[1].removesuffix('/volume.json" does not exist')
        return f"{DAEMON}get {name}: no such volume"
    if message.startswith("no network found matching: "):
        return f"{DAEMON}network {message[len('no network found matching: '):]} not found"
    return None


# nerdctl's summary after the per-object errors above; docker prints only those.
_SUMMARIES = ("some volumes could not be inspected", "unable to find any network matching the provided request")


def _manifest_unknown(message: str, _verb: str) -> str | None:
    # Engine 29 resolves through containerd, as nerdctl does, and says so in containerd's words
    if message.startswith("failed to resolve image: ") and message.endswith(": not found"):
        ref = message[len("failed to resolve image: "):-len(": not found")]
        return f'{DAEMON}failed to resolve reference "{ref}": {ref}: not found'
    return None


def _name_store(message: str, _verb: str) -> str | None:
    if not message.startswith("name-store error"):
        return None
    if "is already used by ID" in message:  # name "x" is already used by ID "abc…"
        name, cid = _between(message, 'name "', '"'), message.rsplit('ID "', 1)[1].split('"', 1)[0]
        return (f'{DAEMON}Conflict. The container name "/{name}" is already in use by container "{cid}". '
                "You have to remove (or rename) that container to be able to reuse that name.")
    if "must match pattern" in message:
        name = _between(message, 'identifier "', '"')
        return f"{DAEMON}Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
    return None


def _paused(message: str, _verb: str) -> str | None:
    """rm of a paused container, in Engine 29's words; rm names the container as typed where it can
    (containers.translate_rm), nerdctl only gives its ID."""
    if " is in paused status" in message and message.startswith("container "):
        cid = message.split(" ", 2)[1]
        return f'{DAEMON}cannot remove container "{cid}": container is paused and must be unpaused first'
    return None


def _restart_policy(message: str, _verb: str) -> str | None:
    if message.startswith('unsupported restart policy "'):
        policy = _between(message, 'policy "', '"')
        return invalid_restart_policy(policy)
    return None


def _client_side(message: str, _verb: str) -> str | None:
    # Flag values docker's client checks itself, so no "Error response from daemon".
    prefix = "failed to load networking flags: "
    return message[len(prefix):] if message.startswith(prefix) else None


def _no_credentials(verb: str, names: tuple[str, ...]) -> str:
    """A registry that wants credentials docker has none for: Engine 29's push and pull words."""
    why = "repository does not exist or may require authorization: authorization failed: no basic auth credentials"
    if verb == "push":
        return f"push access denied, {why}"  # from the push's stream: no daemon prefix
    ref = f'"{reference.normalize(names[0])}"' if names else "the image"
    return f"{DAEMON}failed to resolve reference {ref}: pull access denied, {why}"


def _network_missing(message: str, _verb: str) -> str | None:
    """nerdctl's run finds an unknown --network only in its OCI hook, as the container starts; Docker Engine
    29 reports it as it sets up the container's networking."""
    marker = "no such network: "
    if "error running hook" not in message or marker not in message:
        return None
    name = message.split(marker, 1)[1].replace('\\"', '"').split('"')[1]
    return f"{DAEMON}failed to set up container networking: network {name} not found"


_RULES = (_image_not_found, _image_not_available, _container_gone, _object_gone, _manifest_unknown,
          _name_store, _paused, _restart_policy, _network_missing,
          _client_side)


def invocation_code(message: str) -> int:
    """docker run/exec's 126 and 127: the OCI runtime could not start the command."""
    if "unable to start container process" not in message and "OCI runtime" not in message:
        return 0
    if "executable file not found" in message or "no such file or directory" in message:
        return EXIT_NOT_FOUND
    if "permission denied" in message or "is a directory" in message:
        return EXIT_CANNOT_INVOKE
    return 0


# nerdctl's signal proxy also catches the Go runtime's own signals (SIGURG) and logs an error when it
# cannot pass one to a container that has just exited: nothing a docker user should see.
# nerdctl chatter docker never prints: signal forwarding, buildctl probing, CNI firewall plugin checks
_NOISE = ("forward signal ", "unable to determine buildctl version", "Failed to detect whether ",
          "To isolate bridge networks, CNI plugin ",
          # stop/rm of a container with a health check: nerdctl looks for the systemd timer it could not make
          "systemd DBUS connect error", "force cleanup encountered errors",
          # kill of a paused container: nerdctl thaws it after the signal, docker's daemon does so silently
          "cannot unpause container ")


def _reused_volume(message: str) -> bool:
    """`run -v NAME:/path` of an existing volume: nerdctl warns that it reuses it; docker just uses it."""
    return message.startswith('volume "') and message.endswith('" already exists and will be returned as-is')


def restate(result: Result, *, verb: str, path: str, names: tuple[str, ...] = ()) -> Done:
    """Turn a finished nerdctl process into docker's stderr and exit code (`names`: the command's arguments)."""
    if any(_connection_lost(line) for line in result.errors):
        return _lost(verb == "run", path)
    return _restate_records(result, verb, path, names)


def _restate_records(result: Result, verb: str, path: str, names: tuple[str, ...]) -> Done:
    run_like = verb == "run"
    texts: list[str] = []
    out: list[str] = []
    code = result.code
    for line in result.errors:
        record = parse_record(line)
        level, message = record.get("level", ""), record.get("msg", "")
        if level in ("info", "debug", "trace") or message.startswith(_NOISE) or _reused_volume(message):
            continue  # nerdctl chatter docker does not print
        if verb == "inspect" and message in _SUMMARIES:
            continue
        if level == "warning" and _object_gone(message, verb):
            texts.append(docker_message(message, verb))  # a missing volume, which nerdctl only warns about
            continue
        if level == "warning":
            texts.append(message if message.startswith("WARNING!") else f"WARNING: {message}")
            continue
        if verb == "exec" and message.startswith("exec failed with exit code "):
            code = int(message.rsplit(" ", 1)[1])  # the process's own code, like docker
            continue
        if verb == "exec" and "OCI runtime exec failed" in message:
            # Docker Engine streams this failure back as the exec's output; Engine 29 exits 127 or 126 by the
            # cause, as run does.
            out.append(docker_message(message, verb).removeprefix(DAEMON))
            code = invocation_code(message) or EXIT_CANNOT_INVOKE
            continue
        special = invocation_code(message) if verb == "run" else 0
        if special:
            code = special
        elif level == "fatal" and code in (0, EXIT_GENERAL):
            # Only a fatal record is nerdctl failing; an error record (rm -f of a missing
            # container, say) is reported and nerdctl's own exit code stands.
            code = EXIT_DAEMON if run_like else EXIT_GENERAL
        for one in _strip_count(message):
            text = docker_message(one, verb, names)
            if run_like:
                text = f"docker: {text}\n\nRun 'docker {path} --help' for more information"
            texts.append(text)
    if any(MQUEUE_MISSING in line for line in result.errors):
        texts.append(MQUEUE_HINT)
    # That exec failure comes through the engine's raw stream, with a carriage return.
    return Done(code, stdout="".join(line + "\r\n" for line in out), stderr="\n".join(texts))


# `run --ipc=host`: nerdctl bind-mounts the host's /dev/mqueue where Docker Engine mounts a new mqueue
# file system, so it fails on a host without systemd, which is what mounts /dev/mqueue at boot.
MQUEUE_MISSING = "stat /dev/mqueue: no such file or directory"
MQUEUE_HINT = ("pydock: --ipc=host shares the host's /dev/mqueue, which is not mounted on this host (systemd "
               "mounts it at boot); mount it with `mount -t mqueue mqueue /dev/mqueue`, or start containerd "
               "with `pydock daemon start`, which does")
