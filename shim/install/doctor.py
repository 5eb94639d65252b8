"""`pydock doctor`: what is installed, whether containerd answers, which backend pydock would use and why.

Each check is a (status, line) pair; the command exits non-zero when something pydock needs is broken.
"""

from __future__ import annotations

import os
import subprocess

OK, WARN, FAIL = "ok", "warn", "FAIL"
CNI_DIRS = ("/opt/cni/bin", "/usr/local/libexec/cni", "/usr/local/lib/cni", "/usr/libexec/cni", "/usr/lib/cni")


def _version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text and done.returncode == 0 else ""


def _semver(text: str) -> tuple[int, ...]:
    for word in text.replace("v", " ").split():
        parts = word.split("+")[0].split("-")[0].split("~")[0].split(".")  # Debian: 1.6.20~ds1
        if len(parts) >= 2 and all(p.isdigit() for p in parts[:3]):
            return tuple(int(p) for p in parts[:3])
    return ()


def _server_version(ctr: str, address: str) -> str:
    """containerd's own version as `ctr version` reports it under "Server:", or "" when it does not answer."""
    try:
        answer = subprocess.run([ctr, "--address", address, "--connect-timeout", "2s", "version"],
                                capture_output=True, text=True, timeout=15, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    if answer.returncode != 0 or "Server:" not in answer.stdout:
        return ""
    section = answer.stdout.split("Server:", 1)[1]
    return section.split("Version:", 1)[1].split()[0] if "Version:" in section else ""


def checks(*, backend: str, backend_source: str, namespace: str, address: str) -> list[tuple[str, str]]:
    from shim.execute import which

    out: list[tuple[str, str]] = []
    found = {name: which(name) for name in ("containerd", "runc", "nerdctl", "ctr")}
    versions = {name: _version([path, "--version"]) if path else "" for name, path in found.items()}
    for name in ("containerd", "runc", "nerdctl", "ctr"):
        if found[name]:
            out.append((OK, f"{name}: {versions[name] or 'unknown version'} ({found[name]})"))
        else:
            status = FAIL if name == backend else WARN  # the other backend's program is optional
            out.append((status, f"{name}: not found on PATH (install: sudo pydock install)"))
    cni = next((d for d in CNI_DIRS if os.path.exists(os.path.join(d, "bridge"))), "")
    out.append((OK, f"CNI plugins: {cni}") if cni else (WARN, "CNI plugins: none found (bridge networking needs them)"))
    server = _server_version(found["ctr"], address) if found["ctr"] else ""
    out.append((OK, f"containerd is running and answers on {address} (server {server})") if server
               else (FAIL, f"containerd does not answer on {address} (start it: sudo pydock daemon start)"))
    out.append((OK, "/dev/mqueue is mounted (run --ipc=host shares it)") if os.path.ismount("/dev/mqueue")
               else (WARN, "/dev/mqueue is not mounted: run --ipc=host fails (mount it: sudo pydock daemon start)"))
    out += _buildkit(namespace, which)
    out.append((OK, f"backend: {backend} ({backend_source})"))
    out.append((OK, f"namespace: {namespace}"))
    problem = skew(versions["nerdctl"], server or versions["containerd"])
    if problem:
        out.append((FAIL, problem))
    return out


def _buildkit(namespace: str, which) -> list[tuple[str, str]]:
    """BuildKit, which `pydock build` needs: installed, and a buildkitd answering for this namespace (or
    the default one's, which nerdctl falls back to)."""
    from shim.install import buildkit

    out: list[tuple[str, str]] = []
    found = {name: which(name) for name in ("buildkitd", "buildctl")}
    for name, path in found.items():
        out.append((OK, f"{name}: {_version([path, '--version']) or 'unknown version'} ({path})") if path
                   else (WARN, f"{name}: not found on PATH (`pydock build` needs it; install: sudo pydock install)"))
    git = which("git")  # the one tool a build from a git URL needs besides BuildKit (pydock clones it)
    out.append((OK, f"git: {_version([git, '--version']) or 'unknown version'} ({git})") if git
               else (WARN, "git: not found on PATH (`pydock build` of a git URL needs it; install your "
                           "distribution's git package)"))
    if not found["buildctl"]:
        return out
    for places in (buildkit.Places(namespace), buildkit.Places("default")):
        if buildkit.reachable(places.socket, found["buildctl"]):
            return [*out, (OK, f"buildkitd answers on {places.socket} (builds for namespace {places.namespace})")]
    return [*out, (WARN, f"buildkitd does not answer on {buildkit.Places(namespace).socket} "
                         "(`pydock build` needs it; start it: sudo pydock daemon start)")]


def skew(nerdctl_version: str, containerd_version: str) -> str:
    """The known version-skew problem between these two, or "": nerdctl 2 needs containerd >= 1.7."""
    nerdctl_v, containerd_v = _semver(nerdctl_version), _semver(containerd_version)
    if nerdctl_v and containerd_v and nerdctl_v[0] >= 2 and containerd_v < (1, 7):
        return (f"version skew: nerdctl {'.'.join(map(str, nerdctl_v))} needs containerd >= 1.7, "
                f"this containerd is {'.'.join(map(str, containerd_v))}")
    return ""


def report(lines: list[tuple[str, str]]) -> tuple[str, int]:
    text = "".join(f"{status:<5}{line}\n" for status, line in lines)
    return text, 1 if any(status == FAIL for status, _ in lines) else 0
