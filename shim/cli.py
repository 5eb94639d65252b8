"""pydock's entry point: docker's command line in, a backend command out.

The common path is parse (spec + pflag rules) → translate (pure, per backend) → execute, and imports
nothing but the standard library's cheapest modules: a docker script may call pydock thousands of
times. Help, completion and pydock's own commands load their (heavier) modules only when asked.
"""

from __future__ import annotations

import os
import sys

from shim import redact, spec
from shim.errors import EXIT_INTERRUPTED, DockerError, global_flag_error, needs_daemon, unknown_command
from shim.parse import FlagSyntaxError, parse_command, parse_flags

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.context_resolve import Endpoint
    from shim.parse import Parsed

# pydock's own commands, besides docker's: name → module with a `main(argv) -> int` (typer; cold path).
OWN_COMMANDS: dict[str, str] = {"install": "shim.own", "uninstall": "shim.own", "doctor": "shim.own",
                                "daemon": "shim.own", "completion": "shim.completion.command",
                                "__complete": "shim.completion.names"}  # hidden: names for Tab, no typer

# Commands whose backend children die with pydock (shim/lifeline.py): those whose work lasts, which docker's
# engine stops when its client goes away. Not the quick ones (a few ms of ctypes import each).
BOUND = frozenset(("pull", "push", "save", "load", "build", "run", "exec", "export", "import", "commit", "cp",
                   "attach", "wait", "events", "stats"))


def main(argv: list[str] | None = None) -> int:
    """Run one docker command line; returns (and, as a script, exits with) docker's exit code."""
    args = sys.argv[1:] if argv is None else argv
    try:
        return _main(args)
    except DockerError as e:
        for notice in e.notices:
            print(redact.text(notice))
        _print_error(e.message)
        return e.code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - the last resort: one line (or the traceback asked for), password masked
        if os.environ.get("PYDOCK_DEBUG"):
            import traceback

            _print_error(traceback.format_exc())  # the interpreter's own print would show a password
            return 1
        _print_error(f"pydock: internal error: {type(e).__name__}: {e} (PYDOCK_DEBUG=1 shows more)")
        return 1


def _print_error(message: str) -> None:
    """An error on stderr, a password of this command line masked (shim/redact.py)."""
    message = redact.text(message)
    # as bytes: a value given in bytes that are no UTF-8 (surrogateescape'd in argv) is shown as given, as docker does
    text = message if message.endswith("\n") else message + "\n"
    try:
        sys.stderr.flush()
        sys.stderr.buffer.write(text.encode("utf-8", "surrogateescape"))
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    except (AttributeError, ValueError):  # a stderr without a buffer (a test's capture)
        sys.stderr.write(text)


def _main(argv: list[str]) -> int:
    from shim.spec import globals as global_spec

    store: dict[str, object] = {}
    warnings: list[str] = []
    try:
        rest, wants_help = parse_flags(argv, global_spec.COMMAND, store, warnings)
    except FlagSyntaxError as e:
        raise global_flag_error(str(e)) from None
    for w in warnings:
        print(w)
    if store.get("version") is True:
        from shim import version

        print(version.one_line())
        return 0
    if not rest:
        from shim import help

        return help.show_root(sys.stdout if wants_help else sys.stderr)  # bare `docker`: help on stderr
    word = rest[0]
    if word in OWN_COMMANDS:
        import gc

        gc.enable()  # entry() held it back for the verbs' start-up; these commands take their time
        module = __import__(OWN_COMMANDS[word], fromlist=["main"])
        return module.main(rest)
    if word == "compose":  # docker's compose plugin, with a command line of its own
        from shim import compose_cli

        return compose_cli.main(rest[1:], store, wants_help)
    path, tail = _command_path(rest)
    found = spec.PATHS.get(path) or spec.PLUGIN_PATHS.get(path)
    if found is None:
        return _run_other(path, tail, store, wants_help)
    module, canonical = found
    command = spec.get(module, canonical)
    parsed = _parse_plugin(tail, command, canonical) if path in spec.PLUGIN_PATHS else \
        parse_command(tail, command, canonical)
    for w in parsed.warnings:
        print(w)
    if parsed.help or wants_help:
        from shim import help

        return help.show_command(command, canonical, sys.stdout)
    needs_daemon(parsed)
    if "platform" in parsed.values:
        from shim.client_checks import check_platform

        check_platform(parsed, canonical)
    late = _blank_names(parsed, canonical)
    ctx = make_context(store, parsed=parsed)
    from shim import execute
    from shim.backends import load

    plan = load(ctx.backend).translate(parsed, ctx)
    code = execute.run(plan, dry_run=ctx.dry_run, debug=bool(os.environ.get("PYDOCK_DEBUG")),
                       bound=_bound(parsed), remote=ctx.remote)
    return _with_late_errors(code, late)


def _blank_names(parsed: Parsed, canonical: str) -> str:
    """docker's client answers empty or blank object names itself (shim/object_names.py): raises when
    nothing is left to run, else the errors to print after the run. The module loads only for such a line."""
    if not any(not a.strip() or a[:1] == "/" or ":" in a for a in parsed.args):
        return ""
    from shim import object_names

    return object_names.check(parsed, canonical)


def _with_late_errors(code: int, late: str) -> int:
    if not late:
        return code
    _print_error(late)
    return code or 1


def _bound(parsed: Parsed) -> bool:
    verb = parsed.path.rsplit(" ", 1)[-1]
    return verb in BOUND or (verb == "logs" and parsed.get("follow") is True)


def _command_path(rest: list[str]) -> tuple[str, list[str]]:
    """The command path (`ps`, `container ls`, `network create`) and the arguments after it."""
    word = rest[0]
    if word in spec.PATHS and word not in spec.GROUPS:
        return word, rest[1:]
    if word == "bake":  # docker's alias of `buildx bake`, which only buildx's own builders run
        rest = ["buildx", *rest]
    if rest[0] == "buildx":
        rest = _buildx_flags_after(rest)
    if " ".join(rest[:2]) in spec.PLUGIN_PATHS:
        return " ".join(rest[:2]), rest[2:]
    if rest[0] == "buildx":  # the plugin's own group: its help, and the commands pydock does not answer
        from shim import help

        raise SystemExit(help.buildx_group(rest[1:], sys.stdout))
    from shim.spec import others  # docker's other commands: loaded only off the 13 verbs' path

    if word in others.EXPERIMENTAL_GROUPS and (len(rest) == 1 or rest[1] in ("--help", "-h")):
        from shim.errors import experimental_only

        if len(rest) == 1:
            raise experimental_only(word)
        if rest[1] == "-h":
            print("Flag shorthand -h has been deprecated, use --help")
        print(experimental_only(word).message)  # docker prints it as the group's help, exit 0
        raise SystemExit(0)
    if word in spec.GROUPS or word in others.GROUPS:
        if len(rest) == 1 or rest[1] in ("--help", "-h"):
            from shim import help

            # `docker image --help` prints to stdout, a bare `docker image` to stderr (both exit 0)
            raise SystemExit(help.show_group(word, sys.stdout if len(rest) > 1 else sys.stderr))
        path = f"{word} {rest[1]}"
        if path not in spec.PATHS and others.lookup(path) is None:
            raise unknown_command(path, group=word)
        return path, rest[2:]
    if others.lookup(word) is None:
        raise unknown_command(word)
    return word, rest[1:]


def _buildx_flags_after(rest: list[str]) -> list[str]:
    """`docker buildx --builder NAME -D ls`: buildx's own flags before its command, moved after it, where that
    command takes them (each of pydock's buildx commands but `build` does)."""
    moved: list[str] = []
    i = 1
    while i < len(rest):
        arg = rest[i]
        if arg in ("-D", "--debug"):
            moved.append("--debug")
        elif arg == "--builder" and i + 1 < len(rest):
            i += 1
            moved.append(f"--builder={rest[i]}")
        elif arg.startswith("--builder="):
            moved.append(arg)
        else:
            break
        i += 1
    if not moved or i >= len(rest) or rest[i] == "build":
        return ["buildx", *rest[i:]]
    return ["buildx", rest[i], *moved, *rest[i + 1:]]


def _parse_plugin(tail: list[str], command: spec.Command, path: str) -> Parsed:
    """A buildx command's line: buildx reports its errors after `ERROR: ` (flag errors excepted, which docker's
    plugin framework prints)."""
    try:
        return parse_command(tail, command, path)
    except DockerError as e:
        if e.code == 1:
            e.message = "ERROR: " + e.message
        raise


def _run_other(path: str, tail: list[str], store: dict[str, object], wants_help: bool) -> int:
    """One of docker's other commands: parsed by its spec like the verbs, then answered by pydock (contexts)
    or translated by the backend, which refuses what it lacks in docker's voice."""
    from shim.spec import others

    canonical, command = others.lookup(path)  # type: ignore[misc]
    if canonical.split(" ")[0] in others.EXPERIMENTAL_GROUPS:
        from shim.errors import experimental_only

        error = experimental_only(canonical)
        if "--help" in tail:  # docker prints it as the help, exit 0
            print(error.message)
            return 0
        raise error
    parsed = parse_command(tail, command, canonical)
    for w in parsed.warnings:
        print(w)
    if parsed.help or wants_help:
        from shim import help

        return help.show_command(command, canonical, sys.stdout)
    needs_daemon(parsed)
    from shim import contexts, execute

    if canonical in contexts.EMULATED:  # docker's context commands: client-side, on docker's own store
        return execute.run(contexts.answer(parsed, store))
    from shim.backends import load
    from shim.client_checks import check_other

    check_other(parsed, os.isatty(0), str(store.get("config") or ""))
    late = _blank_names(parsed, canonical)
    # the backend the context names: over ssh nerdctl on the remote, whatever this machine has (issue #16)
    ctx = make_context(store, parsed=parsed)  # over ssh: admitted (or refused) by the ssh transport
    backend = load(ctx.backend)
    backend.refuse_lacking(canonical)
    plan = backend.translate(parsed, ctx)
    code = execute.run(plan, dry_run=ctx.dry_run, debug=bool(os.environ.get("PYDOCK_DEBUG")),
                       bound=_bound(parsed), remote=ctx.remote)
    return _with_late_errors(code, late)


def make_context(store: dict[str, object], *, runs_backend: bool = True, parsed: Parsed | None = None) -> Context:
    """The Context of this call from global flags and environment. The backend's executable is looked up
    (and offered for install when missing) only when the call will run it. An ssh:// host admits only `parsed`'s
    commands that work over the ssh transport (none when `parsed` is not given)."""
    from shim.backends import Context, backend_binary, chosen_backend, missing, socket_from_host
    from shim.errors import unsupported_flag

    for name in ("tls", "tlsverify", "tlscacert", "tlscert", "tlskey"):
        if name in store:
            raise unsupported_flag(f"--{name}", "nerdctl", "there is no remote daemon to reach "
                                   "over TLS", "[OPTIONS]", "COMMAND [ARG...]")
    from shim.context_resolve import resolve

    endpoint = resolve(store)  # the context's (or -H/DOCKER_HOST's) host, namespace and remote socket
    level = store.get("log-level", "info")
    if level not in ("debug", "info", "warn", "error", "fatal"):
        raise DockerError(f"Unable to parse logging level: {level}")
    namespace = store.get("namespace")
    over_ssh = endpoint.host.startswith("ssh://")
    given = str(store.get("backend") or os.environ.get("PYDOCK_BACKEND") or "auto")
    dry_run = store.get("dry-run") is True
    remote, api = None, ""
    if over_ssh:
        # what this machine has installed says nothing of the remote's: the remote's nerdctl, else its ctr
        backend, why = ("", "") if given == "auto" else chosen_backend(store.get("backend"))  # type: ignore[arg-type]
        if backend not in ("", "nerdctl", "ctr"):
            raise DockerError(f"pydock: the {backend} backend does not run over pydock's ssh transport; "
                              "use --backend nerdctl or ctr (nerdctl or ctr on the remote host)")
        remote, backend, api = _over_ssh(endpoint, parsed, backend, runs_backend and not dry_run)
        why = why or "the ssh transport runs the remote host's nerdctl, else its ctr"
        address = endpoint.socket  # the remote's containerd socket, as the context names it
    else:
        backend, why = chosen_backend(store.get("backend"))  # type: ignore[arg-type]
        address = socket_from_host(endpoint.host) if endpoint.host else ""
    if os.environ.get("PYDOCK_DEBUG"):
        print(f"pydock: backend {backend} ({why})", file=sys.stderr)
    binary = backend_binary(backend)
    if remote is None and runs_backend and not dry_run and missing(binary):
        from shim.install.fallback import offer_install

        offer_install(binary)  # installs (asked on a terminal, or PYDOCK_AUTO_INSTALL=1) or explains how
    return Context(
        backend,
        binary,
        # --namespace, else the context's own, else CONTAINERD_NAMESPACE
        namespace=str(namespace or endpoint.namespace or os.environ.get("CONTAINERD_NAMESPACE") or "default"),
        # over ssh the namespace is always on the remote command line: nothing of this machine's decides it there
        namespace_given=namespace is not None or bool(endpoint.namespace) or remote is not None,
        address=address,
        config=str(store.get("config") or ""),
        debug=store.get("debug") is True or level == "debug",
        dry_run=dry_run,
        stdin_tty=os.isatty(0),
        stdout_tty=os.isatty(1),
        stderr_tty=os.isatty(2),
        scratch=os.path.join(_private_dir(), f".pydock-{os.getpid()}"),
        now=_now(),
        remote=remote,
        api=api,
    )


def _over_ssh(endpoint: Endpoint, parsed: Parsed | None, backend: str, connects: bool
              ) -> tuple[tuple[object, bool], str, str]:
    """The ssh transport for this call: the command admitted, the shared connection open and the backend found on
    the remote (`backend`, or "" for the remote's nerdctl, else its ctr; nothing connects unless `connects`), and
    pydock's direct reads of local containerd state turned off (the state is the remote's). Returns the transport,
    the backend, and for ctr (which reads containerd's API itself) the remote's socket forwarded here."""
    from shim import ssh_transport
    from shim.backends import backend_binary

    remote = ssh_transport.parse(endpoint.host)
    if parsed is None:
        raise DockerError("docker: this command is not supported over pydock's ssh transport yet (issue #16); "
                          "run it on the remote host, or against a local daemon.", 125)
    stdin = ssh_transport.admit(parsed.path, parsed.values)
    os.environ["PYDOCK_CONTAINERD_API"] = "0"  # shim/containerd, containerd_state, log files: all local-only
    if not connects:
        return (remote, stdin), backend or "nerdctl", ""
    if backend:
        ssh_transport.connect(remote, backend_binary(backend))
    else:
        nerdctl = backend_binary("nerdctl")
        found = ssh_transport.connect(remote, nerdctl, backend_binary("ctr"))
        backend = "nerdctl" if found == nerdctl else "ctr"
    api = ""
    if backend == "ctr":  # the ctr backend reads containerd's API for most commands
        api = ssh_transport.forward_socket(remote, endpoint.socket)
    elif ssh_transport.reads_api(parsed.path, parsed.values):
        try:  # what it reads there is a figure nerdctl's answer goes without (the command runs in any case)
            api = ssh_transport.forward_socket(remote, endpoint.socket)
        except DockerError:
            api = ""
    return (remote, stdin), backend, api


def _now() -> float:
    import time

    return time.time()


def _private_dir() -> str:
    """A folder only this user can write to, for scratch files such as a cidfile (never /tmp, where
    another user could plant a file or symlink of the same name)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isdir(runtime):
        return runtime
    return "/run" if os.getuid() == 0 else os.path.expanduser("~")


def entry() -> None:
    """Console-script entry: exit with main's code, skipping the interpreter's shutdown (a
    millisecond or more per call that a docker script pays thousands of times; nothing of pydock's
    needs finalising once its output is flushed). The cyclic garbage collector waits until the verb's modules are
    loaded (execute.run): its passes over their thousands of new objects cost a millisecond or two of start-up and
    find nothing to free."""
    import gc

    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)
