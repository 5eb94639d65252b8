"""pydock's own commands (install, uninstall, doctor, daemon), built with typer: a cold path, loaded only
when one of them is typed (`shim/cli.py` routes them here), never for docker's verbs."""

from __future__ import annotations

import os
import subprocess
import sys

import typer  # noqa: TID251 - this module is the typer app; the hot path never imports it

from shim.install.errors import InstallError, Interrupted, stop_on_signals

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="pydock's own commands: install the containerd stack, check it, run it.")
daemon = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                     help="Run containerd and BuildKit's buildkitd without systemd.")
app.add_typer(daemon, name="daemon")


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _need_root(what: str) -> None:
    if os.geteuid() != 0:
        hint = ""
        from shim.execute import which

        if which("containerd-rootless-setuptool.sh"):
            hint = " Or, for a rootless containerd: containerd-rootless-setuptool.sh install"
        raise InstallError(f"pydock {what}: this needs root. Run: sudo pydock {what} …{hint}")


def _pydock_path() -> str:
    return os.path.realpath(sys.argv[0]) if os.path.basename(sys.argv[0]) == "pydock" else \
        os.path.join(os.path.dirname(sys.executable), "pydock")


@app.command()
def install(
    method: str = typer.Option("auto", envvar="PYDOCK_INSTALL_METHOD",
                               help="auto, one-click, per-component, distro or go"),
    prefix: str = typer.Option("/usr/local", envvar="PYDOCK_INSTALL_PREFIX",
                                help="installation root (bin/, sbin/, libexec/cni, lib/systemd)"),
    cni_dir: str = typer.Option("/opt/cni/bin", help="where per-component puts the CNI plugins"),
    source: str = typer.Option("", "--from", help="a folder holding the release archives (offline install)"),
    mirror: str = typer.Option("", envvar="PYDOCK_INSTALL_MIRROR", help="a releases base URL replacing https://github.com"),
    manifest: str = typer.Option("", envvar="PYDOCK_INSTALL_MANIFEST",
                                  help="a manifest of versions and sha256 to use instead of pydock's"),
    components: str = typer.Option("", help="comma-separated subset for per-component and go"),
    cache: str = typer.Option("/var/cache/pydock/downloads", envvar="PYDOCK_INSTALL_CACHE",
                               help="where verified downloads are kept"),
    dry_run: bool = typer.Option(False, "--dry-run", help="list every file and command, change nothing"),
    start: bool = typer.Option(True, envvar="PYDOCK_INSTALL_START",
                               help="write containerd's config if absent and start containerd"),
    docker_shim: bool = typer.Option(False, "--docker-shim", help="write docker, docker-compose that run pydock"),
    directory: str = typer.Option("/usr/local/bin", "--dir", help="folder for --docker-shim"),
    force: bool = typer.Option(False, help="--docker-shim: replace another docker in that folder"),
) -> None:
    """Install containerd, runc, CNI plugins, nerdctl and BuildKit (or, with --docker-shim, a `docker` command).

    Options also come from PYDOCK_INSTALL_* variables, which is how the install pydock offers when
    nerdctl is missing can be pointed at a mirror, a prefix or a method."""
    if docker_shim:
        from shim.install import dockershim

        if dry_run:
            print(f"write {os.path.join(directory, 'docker')}")
            return
        print(dockershim.install(directory, _pydock_path(), force=force))
        return
    from shim.install import installer, plan

    data = plan.load_manifest(manifest) if manifest else plan.load_manifest()
    wanted = tuple(c for c in components.split(",") if c)
    base = source or mirror
    methods = plan.AUTO_ORDER if method == "auto" else (method,)
    if dry_run:
        steps = plan.plan(methods[0], prefix=prefix, cni_dir=cni_dir, base=base, manifest=data, components=wanted,
                          local=bool(source))
        print(f"# method: {methods[0]}")
        print("\n".join(plan.describe(steps, cache)))
        return
    _need_root("install")
    stop_on_signals()  # a TERM or HUP rolls back what is staged, as a failure does
    with installer.InstallLock(cache, prefix, _say):  # a second install waits for this one
        failures = []
        for name in methods:
            steps = plan.plan(name, prefix=prefix, cni_dir=cni_dir, base=base, manifest=data, components=wanted,
                              local=bool(source))
            try:
                changed = installer.execute(steps, prefix=prefix, cache=cache, say=_say)
            except InstallError as e:
                if method != "auto":
                    raise
                failures.append(f"{name}: {e}")
                _say(f"pydock install: {name} did not work ({e}); trying the next method")
                continue
            print(f"installed with the {name} method: {len(changed)} files changed under {prefix}")
            break
        else:
            raise InstallError("pydock install: no method worked:\n  " + "\n  ".join(failures))
        if start:
            _start_service(prefix)


def _start_service(prefix: str) -> None:
    from shim.execute import which
    from shim.install import buildkit, service

    # BuildKit alone (the offer of `pydock build`) may go to a prefix without containerd: start the
    # containerd found on PATH then, if any, before buildkitd.
    containerd = os.path.join(prefix, "bin/containerd")
    containerd = containerd if os.path.exists(containerd) else which("containerd")
    buildkitd = os.path.join(prefix, "bin/buildkitd")
    if containerd and service.write_config():
        print(f"wrote {service.CONFIG}")
    if service.systemd_is_init():
        if containerd:
            _write_unit(os.path.join(prefix, "lib/systemd/system/containerd.service"), service.unit_text(containerd))
        if os.path.exists(buildkitd):
            _write_unit(os.path.join(prefix, "lib/systemd/system/buildkit.service"), buildkit.unit_text(buildkitd))
    if containerd:
        print(service.start(containerd, ctr=os.path.join(os.path.dirname(containerd), "ctr")))
    if os.path.exists(buildkitd):
        print(_start_buildkitd(buildkitd, os.path.join(prefix, "bin/buildctl"), _namespace("")))


def _write_unit(path: str, text: str) -> None:
    if not os.path.exists(path):  # an operator's unit (or nerdctl-full's) stays
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def _namespace(given: str) -> str:
    return given or os.environ.get("CONTAINERD_NAMESPACE") or "default"


def _start_buildkitd(buildkitd: str, buildctl: str, namespace: str,
                     containerd: str = "/run/containerd/containerd.sock") -> str:
    """With systemd, the unit (default namespace); otherwise buildkitd as pydock's own daemon."""
    from shim.install import buildkit, service

    if service.systemd_is_init() and namespace == "default" and containerd == buildkit.CONTAINERD:
        subprocess.run(["systemctl", "daemon-reload"], check=False)
        if subprocess.run(["systemctl", "enable", "--now", "buildkit"], check=False).returncode != 0:
            raise InstallError("pydock: systemctl enable --now buildkit failed")
        return "buildkit enabled and started with systemd"
    return buildkit.start(buildkitd, buildkit.Places(namespace), containerd=containerd, buildctl=buildctl)


@app.command()
def uninstall(
    docker_shim: bool = typer.Option(False, "--docker-shim", help="remove the shim's docker and docker-compose"),
    directory: str = typer.Option("/usr/local/bin", "--dir", help="folder of the shim"),
) -> None:
    """Remove what `pydock install --docker-shim` wrote."""
    if not docker_shim:
        raise InstallError("pydock uninstall: say what to remove (only --docker-shim for now)")
    from shim.install import dockershim

    print(dockershim.uninstall(directory))


@app.command()
def doctor(
    namespace: str = typer.Option("", help="containerd namespace to report (default: CONTAINERD_NAMESPACE or default)"),
    address: str = typer.Option("/run/containerd/containerd.sock", help="containerd socket"),
    context: str = typer.Option("", help="check the containerd a docker context reaches (its socket and namespace)"),
) -> None:
    """Check the stack: versions, containerd, backend, namespace, version skew. Exits 1 when broken."""
    from shim.backends import chosen_backend, load
    from shim.install import doctor as checks

    if context:  # the context's endpoint, as a docker call with --context would resolve it
        from shim.backends import socket_from_host
        from shim.context_resolve import resolve

        endpoint = resolve({"context": context})
        namespace = namespace or endpoint.namespace
        if endpoint.host.startswith("ssh://"):  # checked on the remote, through the ssh transport
            from shim import ssh_transport
            from shim.backends import backend_binary
            from shim.install import doctor_remote

            text, code = checks.report(doctor_remote.checks(
                ssh_transport.parse(endpoint.host), binary=backend_binary("nerdctl"), ctr=backend_binary("ctr"),
                namespace=namespace or os.environ.get("CONTAINERD_NAMESPACE") or "default", socket=endpoint.socket))
            print(text, end="")
            raise typer.Exit(code)
        address = (socket_from_host(endpoint.host) if endpoint.host else "") or address

    name, why = chosen_backend(None)
    about = load(name).describe()
    source = f"{why}: {about['reference']}"
    text, code = checks.report(checks.checks(
        backend=about["name"], backend_source=source,
        namespace=namespace or os.environ.get("CONTAINERD_NAMESPACE") or "default", address=address))
    print(text, end="")
    raise typer.Exit(code)


@daemon.command("start")
def daemon_start(
    containerd: str = typer.Option("containerd", help="the containerd executable"),
    config: str = typer.Option("/etc/containerd/config.toml", help="its config (used when it exists)"),
    address: str = typer.Option("/run/containerd/containerd.sock", help="socket to serve"),
    pidfile: str = typer.Option("/run/pydock/containerd.pid", help="pid file"),
    log: str = typer.Option("/var/log/pydock/containerd.log", help="log file"),
    root: str = typer.Option("", help="containerd --root (default: its config's)"),
    state: str = typer.Option("", help="containerd --state (default: its config's)"),
    buildkitd: str = typer.Option("buildkitd", help="the buildkitd executable (started when found)"),
    namespace: str = typer.Option("", help="the namespace buildkitd stores images in "
                                  "(default: CONTAINERD_NAMESPACE or default)"),
) -> None:
    """Start containerd as a daemon (pid file, log) and wait for its socket; then buildkitd beside it."""
    from shim.execute import which
    from shim.install import service

    _need_root("daemon start")
    extra = (*(("--root", root) if root else ()), *(("--state", state) if state else ()))
    ctr = os.path.join(os.path.dirname(containerd), "ctr") if "/" in containerd else "ctr"
    print(service.start(containerd, config=config, address=address, pidfile=pidfile, logfile=log, ctr=ctr,
                        extra=extra))
    found = buildkitd if "/" in buildkitd else which(buildkitd)
    if not found or not os.path.exists(found):
        print("buildkitd: not found (`pydock build` needs it; install it: sudo pydock install "
              "--method per-component --components buildkit)")
        return
    buildctl = os.path.join(os.path.dirname(found), "buildctl")
    print(_start_buildkitd(found, buildctl if os.path.exists(buildctl) else "buildctl", _namespace(namespace),
                           address))


@daemon.command("stop")
def daemon_stop(
    pidfile: str = typer.Option("/run/pydock/containerd.pid", help="pid file"),
    namespace: str = typer.Option("", help="whose buildkitd to stop (default: CONTAINERD_NAMESPACE or default)"),
) -> None:
    """Stop the buildkitd and the containerd `pydock daemon start` started."""
    from shim.install import buildkit, service

    print(buildkit.stop(buildkit.Places(_namespace(namespace))))
    print(service.stop(pidfile=pidfile))


@daemon.command("status")
def daemon_status(
    address: str = typer.Option("/run/containerd/containerd.sock", help="socket"),
    namespace: str = typer.Option("", help="whose buildkitd to ask about (default: CONTAINERD_NAMESPACE or default)"),
) -> None:
    """Say whether containerd and buildkitd answer; exits 1 when one of them does not."""
    from shim.install import buildkit, service

    up = service.reachable(address)
    print(f"containerd {'answers' if up else 'does not answer'} on {address}")
    places = buildkit.Places(_namespace(namespace))
    built = buildkit.reachable(places.socket)
    print(f"buildkitd {'answers' if built else 'does not answer'} on {places.socket}")
    raise typer.Exit(0 if up and built else 1)


def main(argv: list[str]) -> int:
    """Run one of pydock's own commands; InstallError becomes a message and its exit code."""
    try:
        # Without standalone mode typer returns a command's exit code instead of exiting.
        code = app(args=argv, prog_name="pydock", standalone_mode=False)
    except InstallError as e:
        print(e.message, file=sys.stderr)
        return e.code
    except Interrupted as e:  # rolled back on the way here: end as killed by the signal, as before
        import signal

        signal.signal(e.signum, signal.SIG_DFL)
        os.kill(os.getpid(), e.signum)
        return 128 + e.signum
    except typer.Exit as e:
        return e.exit_code
    except Exception as e:  # typer's usage errors and the like: a message, never a traceback
        name = type(e).__name__
        if name == "NoArgsIsHelpError":  # `pydock daemon` alone: its help, as docker prints a group's
            print(e.format_message())  # type: ignore[attr-defined]
            return 0
        if name in ("UsageError", "BadParameter", "NoSuchOption", "MissingParameter", "BadOptionUsage"):
            message = e.format_message() if hasattr(e, "format_message") else str(e)
            print(f"pydock: {message}\nSee 'pydock {argv[0] if argv else ''} --help'.", file=sys.stderr)
            return 2
        raise
    return code if isinstance(code, int) else 0
