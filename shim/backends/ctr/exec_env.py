"""docker exec -e/--env-file on ctr: `ctr tasks exec` has no flag for a process's environment, so pydock asks
containerd itself, as ctr would (Tasks/Exec, Start, Wait, DeleteProcess).

The process is the container's own process spec (as ctr's exec takes it: capabilities, rlimits, user, cwd)
with docker's command, -w, and the environment: the container's, then the env files', then -e's, a later
entry of a name replacing an earlier one. Its stdout and stderr come back through FIFOs in a private folder
of the call, which pydock reads before asking for them (containerd's runc shim opens them for writing at
Start). containerd's error messages are not read here (they travel in
gRPC trailers pydock does not decode), so a command that cannot be found in the container is said, with
docker's wording and exit code 127, before anything is asked.

With -t, -i or -u, ctr's own exec stays in charge (it resolves users in the image and drives the terminal and
stdin; a stdin FIFO given through the API ended the container's shim here) and the environment is laid on by the
container's own `env`, which replaces itself with the command (same process, same signals, same exit code): ctr
exec … env -- NAME=VALUE… COMMAND…. A container without `env`, or a command whose name holds `=` (env would read
it as a setting), is refused, naming the reason. Over the ssh transport every exec -e goes that way (the FIFOs
and /proc would be the remote's): the container's `env` and the command are looked up on the remote in one probe
(`remote_wrapped`).
"""

from __future__ import annotations

import os
import time

from shim.backends.ctr.common import NAME
from shim.errors import unsupported_value
from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.containerd.api import Container, Task
    from shim.parse import Parsed

TASKS = "/containerd.services.tasks.v1.Tasks/"
PROCESS_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Process"
LINGER = 1.0  # seconds of silence after the process ended, when something still holds its output open


def wanted(parsed: Parsed) -> bool:
    return bool(parsed.get("env") or parsed.get("env-file"))


def environment(parsed: Parsed) -> list[str]:
    """-e and --env-file as docker's client reads them (before it asks for the container)."""
    from shim.backends.ctr.run import _env_values
    from shim.client_checks import check_flag_values, env_file_entries

    check_flag_values(parsed)  # -e '' is pflag's error
    return [*env_file_entries(parsed, run_like=False), *_env_values(list(parsed.get("env") or []))]


def through_ctr(parsed: Parsed) -> bool:
    """Whether ctr's exec must run it (a terminal, stdin or a user), the environment then set by `env`."""
    return any(parsed.get(flag) for flag in ("tty", "user", "interactive"))


def env_prefix(pid: int, command: list[str], env: list[str]) -> list[str]:
    """`env NAME=VALUE…` as found in the running container, to put before the command; docker's voice when the
    container has no `env` or the command's name would read as a setting."""
    root = f"/proc/{pid}/root"
    found = next((p for p in ("/usr/bin/env", "/bin/env") if os.path.lexists(root + p)), "")
    why = ("the container has no env program (ctr's exec cannot set an environment)" if not found else
           "a command whose name holds '=' cannot follow env's settings" if "=" in command[0] else "")
    if why:
        raise unsupported_value(f"exec -e/--env-file with --tty, --interactive or --user ({why})", NAME)
    return [found, *env]


def merged(base: list[str], extra: list[str]) -> list[str]:
    """The container's environment with `extra` laid over it, by name."""
    out = {entry.partition("=")[0]: entry for entry in base}
    for entry in extra:
        out.pop(entry.partition("=")[0], None)
        out[entry.partition("=")[0]] = entry
    return list(out.values())


def missing_command(pid: int, process: dict) -> bool:
    """True when the command is nowhere in the container (its PATH for a bare name), looked up through the
    task's root in /proc as runc looks it up (the file itself, not where a link points)."""
    name = process["args"][0]
    root = f"/proc/{pid}/root"
    if "/" in name:
        path = name if name.startswith("/") else os.path.join(process.get("cwd") or "/", name)
        return not os.path.lexists(root + path)
    found = [e[5:] for e in process.get("env") or [] if e.startswith("PATH=")]
    folders = (found[-1] if found else "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":")
    return not any(os.path.lexists(os.path.join(root + (f or "."), name)) for f in folders if f.startswith("/"))


def _process(parsed: Parsed, c: Container, command: list[str], env: list[str]) -> dict:
    """The container's process spec with docker's command, environment and -w."""
    import json

    process = dict(json.loads(c.spec or b"{}").get("process") or {})
    process.update(args=command, terminal=False, env=merged(list(process.get("env") or []), env))
    if parsed.text("workdir"):
        process["cwd"] = parsed.text("workdir")
    return process


def _not_found(command: list[str]) -> Done:
    return Done(127, "", f'Error response from daemon: OCI runtime exec failed: exec failed: unable to start '
                f'container process: exec: "{command[0]}": executable file not found in $PATH: unknown\n')


def wrapped(parsed: Parsed, c: Container, task: Task, command: list[str], env: list[str]) -> list[str] | Done:
    """The command for ctr's exec with the environment laid on by `env`, or docker's error."""
    if missing_command(task.pid, _process(parsed, c, command, env)):
        return _not_found(command)
    return [*env_prefix(task.pid, command, env), *command]


def with_environment(parsed: Parsed, ctx: Context, c: Container, task: Task, command: list[str], env: list[str]
                     ) -> list[str] | Done:
    """ctr exec's command with the environment laid on by `env`, or the exec done through the API (its end)."""
    if ctx.remote is not None:  # the FIFOs and /proc would be the remote's
        return remote_wrapped(parsed, ctx, c, task, command, env)
    if not through_ctr(parsed):
        return run(parsed, ctx, c, task, command, env)
    return wrapped(parsed, c, task, command, env)


# Over the ssh transport the container's root is the remote's: one probe there, $1 the task's pid, $2 the command,
# $3 the process's cwd, $4 its PATH; prints the container's env program ("" none), then "missing" or ""
_REMOTE_PROBE = r"""r=/proc/$1/root; c=$2; w=$3; p=$4; e=; m=missing
for f in /usr/bin/env /bin/env; do if [ -e "$r$f" ] || [ -L "$r$f" ]; then e=$f; break; fi; done
case $c in
/*) if [ -e "$r$c" ] || [ -L "$r$c" ]; then m=; fi;;
*/*) if [ -e "$r$w/$c" ] || [ -L "$r$w/$c" ]; then m=; fi;;
*) o=$IFS; IFS=:; for d in $p; do case $d in /*) if [ -e "$r$d/$c" ] || [ -L "$r$d/$c" ]; then m=; fi;; esac; done
   IFS=$o;;
esac
printf '%s\n%s\n' "$e" "$m"
"""


def remote_wrapped(parsed: Parsed, ctx: Context, c: Container, task: Task, command: list[str], env: list[str]
                   ) -> list[str] | Done:
    """`wrapped` over the ssh transport (issue #16): ctr's exec with `env` laid on, whatever the flags (the API's
    FIFOs would be the remote's), the container's env program and the command looked up on the remote."""
    from shim.backends.ctr.remote_network import run_remote

    process = _process(parsed, c, command, env)
    found = [e[5:] for e in process.get("env") or [] if e.startswith("PATH=")]
    path = found[-1] if found else "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    code, out = run_remote(ctx, ["sh", "-c", _REMOTE_PROBE, "sh", str(task.pid), command[0],
                                 process.get("cwd") or "/", path])
    program, _, missing = out.decode(errors="replace").partition("\n")
    if code == 0 and missing.strip() == "missing":
        return _not_found(command)
    why = ("the container has no env program (ctr's exec cannot set an environment)" if code or not program else
           "a command whose name holds '=' cannot follow env's settings" if "=" in command[0] else "")
    if why:
        raise unsupported_value(f"exec -e/--env-file ({why})", NAME)
    return [program, *env, *command]


def run(parsed: Parsed, ctx: Context, c: Container, task: Task, command: list[str], env: list[str]) -> Done:
    """The exec, start to end: docker's exit code (the process's own)."""
    import secrets

    process = _process(parsed, c, command, env)
    if missing_command(task.pid, process):
        return _not_found(command)
    exec_id = f"pydock-{secrets.token_hex(8)}"
    if parsed.get("detach") is True:
        return _started(ctx, c.id, exec_id, process, {}) or Done(0)
    return _attached(parsed, ctx, c.id, exec_id, process)


def _started(ctx: Context, cid: str, exec_id: str, process: dict, fifos: dict[str, str]) -> Done | None:
    """Tasks/Exec then Tasks/Start; docker's error when containerd refuses, else None."""
    import json

    from shim.backends.ctr.common import address
    from shim.containerd.grpc import CallFailed, Connection
    from shim.containerd.wire import bytes_field, text_field

    spec = text_field(1, PROCESS_TYPE) + bytes_field(2, json.dumps(process).encode())
    request = (text_field(1, cid) + text_field(2, fifos.get("stdin", "")) + text_field(3, fifos.get("stdout", ""))
               + text_field(4, fifos.get("stderr", "")) + bytes_field(6, spec) + text_field(7, exec_id))
    try:
        with Connection(address(ctx), ctx.namespace) as conn:
            (made,) = conn.call_all([(TASKS + "Exec", request)])
            started = conn.call_all([(TASKS + "Start", text_field(1, cid) + text_field(2, exec_id))])[0] \
                if made is not None else None
    except CallFailed as e:
        return Done(126, "", f"Error response from daemon: {e}\n")
    if started is None:
        return Done(126, "", "Error response from daemon: OCI runtime exec failed: the process could not start\n")
    return None


def _attached(parsed: Parsed, ctx: Context, cid: str, exec_id: str, process: dict) -> Done:
    import tempfile

    folder = tempfile.mkdtemp(prefix="pydock-exec-")  # 0700: the FIFOs are this call's
    names = ["stdout", "stderr"]
    fifos = {n: os.path.join(folder, n) for n in names}
    for path in fifos.values():
        os.mkfifo(path, 0o600)
    reads = {os.open(fifos[n], os.O_RDONLY | os.O_NONBLOCK): fd for n, fd in (("stdout", 1), ("stderr", 2))}
    try:
        refused = _started(ctx, cid, exec_id, process, fifos)
        if refused:
            return refused
        return Done(_copy(ctx, cid, exec_id, reads))
    except KeyboardInterrupt:  # docker's exec leaves the process running and ends quietly
        return Done(0)
    finally:
        for fd in reads:
            _close(fd)
        for path in fifos.values():
            os.unlink(path)
        os.rmdir(folder)


def _copy(ctx: Context, cid: str, exec_id: str, reads: dict[int, int]) -> int:
    """The process's output to pydock's until it has ended; its exit code."""
    import select
    import threading

    status: list[int] = []
    waiter = threading.Thread(target=lambda: status.append(_wait(ctx, cid, exec_id)), daemon=True)
    waiter.start()
    quiet_since = time.monotonic()
    while reads:
        ready, _, _ = select.select(list(reads), [], [], 0.1)
        for fd in ready:
            data = os.read(fd, 65536)
            if data:
                os.write(reads[fd], data)
                quiet_since = time.monotonic()
            elif status:  # the shim has closed its end after the process ended
                _close(fd)
                del reads[fd]
            else:
                time.sleep(0.01)  # no writer yet, or between writers
        if status and time.monotonic() - quiet_since > LINGER:
            break  # ended; a process it left behind holds the output open
    waiter.join()
    _delete(ctx, cid, exec_id)
    return status[0]


def _wait(ctx: Context, cid: str, exec_id: str) -> int:
    from shim.backends.ctr.common import address
    from shim.containerd.grpc import CallFailed, Connection
    from shim.containerd.wire import fields, text_field

    try:
        with Connection(address(ctx), ctx.namespace) as conn:
            conn.sock.settimeout(None)
            (answer,) = conn.call_all([(TASKS + "Wait", text_field(1, cid) + text_field(2, exec_id))])
    except CallFailed:
        return 126
    codes = [v for n, v in fields(answer or b"") if n == 1 and isinstance(v, int)]
    return codes[0] if codes else 0


def _delete(ctx: Context, cid: str, exec_id: str) -> None:
    from shim.backends.ctr.common import address
    from shim.containerd.grpc import answered
    from shim.containerd.wire import text_field

    answered(address(ctx), ctx.namespace, TASKS + "DeleteProcess", text_field(1, cid) + text_field(2, exec_id))


def _close(fd: int) -> None:
    try:  # noqa: SIM105 - contextlib costs an import
        os.close(fd)
    except OSError:
        pass
