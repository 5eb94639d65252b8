"""`pydock doctor --context NAME` for a context whose host is ssh:// (issue #16): what the ssh transport needs on
the remote, checked there over the same shared connection the verbs use (shim/ssh_transport.py). Each check is a
(status, line) pair, as doctor's local ones (shim/install/doctor.py); nothing is installed or changed remotely."""

from __future__ import annotations

import shlex

from shim.install.doctor import FAIL, OK, WARN, skew

# nerdctl version's server part: containerd's version among its components (there only when containerd answers)
_CONTAINERD_VERSION = '{{range .Server.Components}}{{if eq .Name "containerd"}}{{.Version}}{{end}}{{end}}'
TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.ssh_transport import Remote


def _on_remote(remote: Remote, command: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one command line on the remote."""
    import tempfile

    from shim.execute import capture_quietly
    from shim.ssh_transport import ssh_argv

    with tempfile.TemporaryFile() as err:
        code, out = capture_quietly([*ssh_argv(remote, stdin=False), command], raw=True, stderr_fd=err.fileno())
        err.seek(0)
        reason = err.read(4096).decode("utf-8", "replace").replace("\r", "").strip()
    return code, out.decode("utf-8", "replace").strip(), reason


def _tool(remote: Remote, name: str) -> tuple[str, str]:
    """(path, first line of `NAME --version`) on the remote; ("", "") when it is not on the remote's PATH."""
    quoted = shlex.quote(name)
    code, out, _ = _on_remote(remote, f"command -v {quoted} && {quoted} --version 2>&1 | head -n 1")
    lines = out.splitlines()
    return (lines[0], lines[1] if len(lines) > 1 else "") if code == 0 and lines else ("", "")


def checks(remote: Remote, *, binary: str, namespace: str, socket: str = "", ctr: str = "") -> list[tuple[str, str]]:
    """What a remote needs for the ssh transport: reachable with the user's ssh setup, the backend (nerdctl; else
    `ctr`, a Kubernetes node's: _ctr_checks) there, containerd answering it; runc, buildkit and the version skew as
    the local doctor reports them."""
    code, _, reason = _on_remote(remote, "true")
    if code != 0:
        return [(FAIL, f"ssh: cannot reach {remote.url} (exit status {code}): {reason or 'no reason given'}")]
    out = [(OK, f"ssh: {remote.url} reached (the user's ssh config, keys and known_hosts; one shared connection)")]
    versions = {}
    for name in (binary, "containerd", "runc", "buildctl"):
        path, version = _tool(remote, name)
        versions[name] = version
        if path:
            out.append((OK, f"{name} on the remote: {version or 'unknown version'} ({path})"))
        elif name == binary and ctr and _tool(remote, ctr)[0]:
            out.append((WARN, f"{name}: not found on the remote host {remote.host}; its {ctr} drives containerd there "
                              "(pydock's ctr backend)"))
            return [*out, *_ctr_checks(remote, ctr, namespace, socket)]
        elif name == binary:
            out.append((FAIL, f"{name}: not found on the remote host {remote.host}; containerd and {name} must be "
                              "installed there (`pydock install` on that host); pydock installs nothing remotely"))
        else:
            out.append((WARN, f"{name}: not found on the remote's PATH" + (" (builds need BuildKit)"
                                                                            if name == "buildctl" else "")))
    server = ""
    if versions[binary]:
        address = [f"--address={socket}"] if socket else []  # the context's socket on the remote, else nerdctl's
        code, server, _ = _on_remote(remote, shlex.join([binary, *address, f"--namespace={namespace}", "version",
                                                              "--format", _CONTAINERD_VERSION]))
        where = socket or f"{binary}'s default socket"
        out.append((OK, f"containerd answers {binary} on the remote (server {server})") if code == 0 and server
                   else (FAIL, f"containerd does not answer {binary} on the remote ({where}; start it there: "
                               "sudo pydock daemon start)"))
    out.append((OK, f"backend: {binary} (the ssh transport runs {binary} on the remote host)"))
    out.append((OK, f"namespace: {namespace}"))
    problem = skew(versions[binary], server or versions["containerd"])
    if problem:
        out.append((FAIL, problem))
    return out


def _ctr_checks(remote: Remote, ctr: str, namespace: str, socket: str) -> list[tuple[str, str]]:
    """A remote with ctr and no nerdctl: ctr there, containerd answering it, and its socket forwarded through the
    shared connection (pydock's ctr backend reads containerd's API through it)."""
    from shim.errors import DockerError
    from shim.ssh_transport import DEFAULT_SOCKET, connect, forward_socket

    path, version = _tool(remote, ctr)
    out = [(OK, f"{ctr} on the remote: {version or 'unknown version'} ({path})")]
    target = socket or DEFAULT_SOCKET
    code, said, _ = _on_remote(remote, shlex.join([ctr, f"--address={target}", f"--namespace={namespace}",
                                                    "version"]))
    server = said.partition("Server:")[2].partition("Version:")[2].split("\n")[0].strip()
    if code != 0 or not server:
        return [*out, (FAIL, f"containerd does not answer {ctr} on the remote ({target}; start it there: "
                             "sudo pydock daemon start)")]
    out.append((OK, f"containerd answers {ctr} on the remote (server {server})"))
    try:
        connect(remote, ctr)
        forward_socket(remote, socket)
        out.append((OK, f"containerd's socket on the remote ({target}) forwarded through the ssh connection"))
    except DockerError as e:
        out.append((FAIL, e.message))
    return [*out, (OK, f"backend: ctr (the remote has no nerdctl: the ssh transport runs its {ctr})"),
            (OK, f"namespace: {namespace}")]
