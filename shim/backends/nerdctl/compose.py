"""docker compose on nerdctl's compose: the project named explicitly (-f, --project-directory, -p), each of
docker compose's flags passed, renamed, emulated or refused (FLAGS), nerdctl's log records restated live as
compose's progress lines, and where nerdctl's compose prints or exits otherwise than docker compose in ways
scripts read, pydock's own steps: `ps` (docker's table and JSON from the containers' own inspect), `run` (the
command's exit code), `exec` (its exit code), `up --wait` / `--exit-code-from` / `--no-start`, `down --rmi`.
"""

from __future__ import annotations

import os
import re

from shim.backends.handling import EMULATE, NOOP, PASS, REFUSE
from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import NAME, base
from shim.compose_project import EXIT_COMPOSE
from shim.errors import DockerError
from shim.output.compose import PROJECT_LABEL, progress
from shim.plan import CAPTURE, EXEC, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.compose_project import Project
    from shim.parse import Parsed
    from shim.plan import Result

_ORCHESTRATE = "nerdctl's compose has no such option"
_DRY_RUN = (EMULATE, "pydock's --dry-run: prints the nerdctl commands it would run, changing nothing")
_NOT_NEEDED = "nerdctl's compose never prompts"

# docker compose's own flags (before the subcommand); -f, -p, --project-directory, --env-file and --profile
# name the project (shim/compose_project.py) and reach nerdctl as its own flags.
ROOT_FLAGS: dict[str, tuple[str, str]] = {
    "all-resources": (REFUSE, "nerdctl's compose creates only the resources services use"),
    "ansi": (NOOP, "nerdctl's compose prints no ANSI control characters to a pipe; a terminal's are left alone"),
    "compatibility": (REFUSE, "nerdctl's compose has no v1 mode (PROJECT_SERVICE_N names)"),
    "dry-run": _DRY_RUN,
    "parallel": (NOOP, "nerdctl's compose works through services one at a time"),
    "progress": (EMULATE, 'plain, auto and tty print the plain lines; quiet prints none; json is refused'),
}

# docker compose subcommand → flag → (handling, why). Flags not listed pass as they are (PASS).
FLAGS: dict[str, dict[str, tuple[str, str]]] = {
    "build": {
        "builder": (REFUSE, "pydock builds with the one BuildKit it runs"), "check": (REFUSE, _ORCHESTRATE),
        "memory": (NOOP, "docker compose itself says BuildKit does not support it"), "print": (REFUSE, _ORCHESTRATE),
        "provenance": (REFUSE, _ORCHESTRATE), "pull": (REFUSE, _ORCHESTRATE), "push": (REFUSE, _ORCHESTRATE),
        "quiet": (REFUSE, _ORCHESTRATE), "sbom": (REFUSE, _ORCHESTRATE), "ssh": (REFUSE, _ORCHESTRATE),
        "with-dependencies": (REFUSE, _ORCHESTRATE), "dry-run": _DRY_RUN,
    },
    "config": {
        "environment": (REFUSE, _ORCHESTRATE), "format": (EMULATE, "yaml is nerdctl's; json is refused"),
        "images": (REFUSE, _ORCHESTRATE), "lock-image-digests": (REFUSE, _ORCHESTRATE),
        "models": (REFUSE, _ORCHESTRATE), "networks": (REFUSE, _ORCHESTRATE),
        "no-consistency": (REFUSE, _ORCHESTRATE), "no-env-resolution": (REFUSE, _ORCHESTRATE),
        "no-interpolate": (REFUSE, _ORCHESTRATE), "no-normalize": (REFUSE, _ORCHESTRATE),
        "no-path-resolution": (REFUSE, _ORCHESTRATE), "output": (REFUSE, _ORCHESTRATE),
        "profiles": (REFUSE, _ORCHESTRATE), "resolve-image-digests": (REFUSE, _ORCHESTRATE),
        "variables": (REFUSE, _ORCHESTRATE), "dry-run": _DRY_RUN,
    },
    "cp": {"all": (REFUSE, _ORCHESTRATE), "archive": (REFUSE, _ORCHESTRATE), "dry-run": _DRY_RUN},
    "create": {
        "pull": (EMULATE, 'docker\'s default ("policy") is nerdctl\'s; "build" is refused'),
        "quiet-pull": (REFUSE, _ORCHESTRATE), "remove-orphans": (REFUSE, _ORCHESTRATE),
        "scale": (REFUSE, _ORCHESTRATE), "yes": (NOOP, _NOT_NEEDED), "dry-run": _DRY_RUN,
    },
    "down": {
        "rmi": (EMULATE, "pydock removes the services' images after nerdctl's down"),
        "timeout": (NOOP, "nerdctl's compose down stops containers with their stop signal and its own timeout"),
        "dry-run": _DRY_RUN,
    },
    "exec": {"no-tty": (EMULATE, "a TTY only when stdin is one, as docker compose decides by default"),
             "dry-run": _DRY_RUN},
    "images": {"dry-run": _DRY_RUN, "format": (EMULATE, "table and json"), "quiet": (EMULATE, "image IDs")},
    "kill": {"remove-orphans": (REFUSE, _ORCHESTRATE), "dry-run": _DRY_RUN},
    "logs": {"index": (REFUSE, _ORCHESTRATE), "since": (REFUSE, _ORCHESTRATE), "until": (REFUSE, _ORCHESTRATE),
             "dry-run": _DRY_RUN},
    "ps": {name: (EMULATE, "pydock lists the project's containers itself, in docker compose's table and JSON")
           for name in ("all", "filter", "format", "no-trunc", "orphans", "quiet", "services", "status")}
    | {"dry-run": _DRY_RUN},
    "pull": {"ignore-buildable": (REFUSE, _ORCHESTRATE), "ignore-pull-failures": (REFUSE, _ORCHESTRATE),
             "include-deps": (REFUSE, _ORCHESTRATE), "policy": (REFUSE, _ORCHESTRATE), "dry-run": _DRY_RUN},
    "push": {"ignore-push-failures": (REFUSE, _ORCHESTRATE), "include-deps": (REFUSE, _ORCHESTRATE),
             "quiet": (NOOP, "nerdctl's compose push prints no progress bars to a pipe"), "dry-run": _DRY_RUN},
    "restart": {"no-deps": (REFUSE, _ORCHESTRATE), "dry-run": _DRY_RUN},
    "rm": {"dry-run": _DRY_RUN},
    "run": {
        "cap-add": (REFUSE, _ORCHESTRATE), "cap-drop": (REFUSE, _ORCHESTRATE),
        "env-from-file": (REFUSE, _ORCHESTRATE), "no-tty": (EMULATE, "a TTY only when stdin is one"),
        "pull": (EMULATE, 'docker\'s default ("policy") only'), "quiet": (REFUSE, _ORCHESTRATE),
        "quiet-build": (REFUSE, _ORCHESTRATE), "use-aliases": (REFUSE, _ORCHESTRATE),
        "rm": (EMULATE, "pydock removes the container once it has its exit code"),
        "detach": (EMULATE, "pydock prints the container's ID, as docker compose does"),
        "interactive": (EMULATE, "stdin reaches the container on a terminal; a script's run gets no stdin"),
        "name": (EMULATE, "the container's name (PROJECT-SERVICE-run-ID by default)"),
        "entrypoint": (EMULATE, "one value, as docker compose takes it"), "dry-run": _DRY_RUN,
    },
    "start": {"wait": (REFUSE, _ORCHESTRATE), "wait-timeout": (REFUSE, _ORCHESTRATE), "dry-run": _DRY_RUN},
    "stop": {"dry-run": _DRY_RUN},
    "top": {"dry-run": _DRY_RUN}, "pause": {"dry-run": _DRY_RUN}, "unpause": {"dry-run": _DRY_RUN},
    "port": {"dry-run": _DRY_RUN},
    "up": {
        "abort-on-container-failure": (REFUSE, _ORCHESTRATE), "always-recreate-deps": (REFUSE, _ORCHESTRATE),
        "attach": (REFUSE, _ORCHESTRATE), "attach-dependencies": (REFUSE, _ORCHESTRATE),
        "exit-code-from": (EMULATE, "pydock reads the service container's exit code after nerdctl's "
                           "--abort-on-container-exit"),
        "menu": (REFUSE, _ORCHESTRATE), "no-attach": (REFUSE, _ORCHESTRATE), "no-deps": (REFUSE, _ORCHESTRATE),
        "no-start": (EMULATE, "runs nerdctl's compose create"),
        "pull": (EMULATE, 'docker\'s default ("policy") is nerdctl\'s; "build" is refused'),
        "quiet-build": (REFUSE, _ORCHESTRATE), "renew-anon-volumes": (REFUSE, _ORCHESTRATE),
        "timeout": (NOOP, "nerdctl's compose stops containers with their stop signal and its own timeout"),
        "timestamps": (REFUSE, _ORCHESTRATE),
        "wait": (EMULATE, "pydock starts the project detached, then waits until every container runs (and is "
                 "healthy where it has a health check)"),
        "wait-timeout": (EMULATE, "with --wait"), "watch": (REFUSE, _ORCHESTRATE), "yes": (NOOP, _NOT_NEEDED),
        "dry-run": _DRY_RUN,
    },
}

# docker compose commands nerdctl's compose does not have, and why.
LACKING = {
    "attach": "nerdctl's compose cannot attach to a service's container (docker attach CONTAINER can)",
    "bridge": "nerdctl's compose converts no compose files into other models",
    "commit": "nerdctl's compose has no commit (docker commit CONTAINER can)",
    "events": "nerdctl's compose has no event stream",
    "export": "nerdctl's compose has no export (docker export CONTAINER can)",
    "publish": "nerdctl's compose cannot publish a project to a registry",
    "scale": "nerdctl's compose has no scale command (up --scale SERVICE=N can)",
    "stats": "nerdctl's compose has no stats (docker stats CONTAINER can)",
    "volumes": "nerdctl's compose has no volumes listing (docker volume ls can)",
    "wait": "nerdctl's compose has no wait (docker wait CONTAINER can)",
    "watch": "nerdctl's compose has no watch mode",
}


def handling(command: str, flag: str) -> tuple[str, str]:
    """How nerdctl handles docker compose's `--flag` of `command` ("" for compose's own flags), and why."""
    table = ROOT_FLAGS if not command else FLAGS.get(command, {})
    return table.get(flag, (PASS, ""))


def translate(project: Project | None, root: dict[str, object], parsed: Parsed, ctx: Context) -> Plan | Done:
    """The plan for one `docker compose` subcommand on this project."""
    name = parsed.command.name.split(" ", 1)[1]
    _refuse(root, "", "")
    _refuse(parsed.values, name, name)
    if root.get("progress") == "json":
        raise DockerError("unsupported flag: --progress=json is not supported by pydock's nerdctl backend: "
                          "nerdctl's compose prints no JSON progress", EXIT_COMPOSE)
    if name == "ls":
        return _ls(parsed, ctx)
    assert project is not None
    call = _Call(project, root, parsed, ctx, name)
    step = {"ps": _ps, "up": _up, "down": _down, "run": _run, "exec": _exec, "config": _config,
            "images": _images, "top": _top, "port": _port, "logs": _logs}.get(name)
    if name in _PER_CONTAINER and parsed.args:
        step = _named_services
    if name in _LABELLED and "-" not in project.files:
        return _with_labels(call, step or _passed)
    return step(call) if step else _passed(call)


def _passed(call: _Call) -> Plan | Done:
    if call.name in ("pull", "push"):  # docker compose shows its progress lines only, not the transfer's own
        return call.plan([call.name, *call.passed(), *call.parsed.args], stdout_to="null", stderr_to="null")
    if call.name == "start":  # nerdctl's compose start says "Container NAME started" on stdout
        def started(result: Result) -> Done:
            names = re.findall(r"^Container (\S+) started$", result.stdout.decode(), re.MULTILINE)
            lines = "" if call.quiet else "".join(progress("Container", n, w) for n in names
                                                  for w in ("Starting", "Started"))
            return Done(0, stderr=lines)

        return call.plan(["start"], mode=CAPTURE, then=started)
    return call.plan([call.name, *call.passed(), *call.parsed.args])


# The commands that create containers, which docker compose labels beyond what nerdctl's compose sets.
_LABELLED = ("up", "create", "run")


def _with_labels(call: _Call, step: Callable[[_Call], Plan | Done]) -> Plan:
    """Add docker compose's labels nerdctl's compose does not set (container number, one-off, config files,
    working dir, version) through one more compose file naming them for every service, then take the step."""
    import json

    from shim.output.compose import project_labels
    from shim.spec.compose import VERSION

    override = f"{call.ctx.scratch}-compose-labels.json"  # JSON is YAML

    def write(listed: Result) -> Plan | Done:
        scaled = {str(v).split("=", 1)[0] for v in call.parsed.get("scale") or []}  # type: ignore[union-attr]
        labels = project_labels(call.project.files, call.project.directory, VERSION, oneoff=call.name == "run")
        services = {name: {"labels": {**labels, **({} if name in scaled or call.name == "run"
                                                   else {"com.docker.compose.container-number": "1"})}}
                    for name in listed.stdout.decode().split()}
        fd = os.open(override, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"services": services}, f)
        call.extra_files = [override]
        if call.name != "up":
            return step(call)
        # which containers exist already: nerdctl warns "container ID is already running" of one it keeps,
        # which docker compose reports by name as Running
        return Plan([*base(call.ctx), "ps", "--all", "--no-trunc", "--format", "{{.ID}} {{.Names}}",
                     f"--filter=label={PROJECT_LABEL}={call.project.name}"], CAPTURE, log_prefix=errors.LOG_PREFIX,
                    restate=restate, then=lambda r: step(call.knowing(r.stdout.decode())))

    return Plan([*call.compose(), "config", "--services"], CAPTURE, log_prefix=errors.LOG_PREFIX, then=write,
                restate=restate, cleanup=(override,), later=([*call.compose(), call.name, "…"],))


class _Call:
    """What the steps of one compose call share: the project, the parsed flags and the settings."""

    __slots__ = ("project", "root", "parsed", "ctx", "name", "quiet", "extra_files", "names")

    def __init__(self, project: Project, root: dict[str, object], parsed: Parsed, ctx: Context,
                 name: str) -> None:
        self.project, self.root, self.parsed, self.ctx, self.name = project, root, parsed, ctx, name
        self.quiet = root.get("progress") == "quiet"
        self.extra_files: list[str] = []  # pydock's own compose files after the project's (labels)
        self.names: dict[str, str] = {}  # container ID → name, of the project's containers before `up`

    def knowing(self, listing: str) -> _Call:
        self.names = dict(line.split(" ", 1) for line in listing.splitlines() if " " in line)
        return self

    def compose(self) -> list[str]:
        """nerdctl's compose with the project named: files, directory, name, env file and profiles."""
        p = self.project
        argv = [*base(self.ctx), "compose", *(f"--file={f}" for f in [*p.files, *self.extra_files]),
                f"--project-directory={p.directory}",
                f"--project-name={p.name}"]
        if len(p.env_files) > 1:
            raise DockerError("unsupported flag: --env-file given more than once is not supported by pydock's "
                              "nerdctl backend: nerdctl's compose reads one env file", EXIT_COMPOSE)
        argv += [f"--env-file={f}" for f in p.env_files]
        return argv + [f"--profile={profile}" for profile in p.profiles]

    def passed(self, skip: tuple[str, ...] = ()) -> list[str]:
        """nerdctl's flags for the docker compose flags FLAGS passes."""
        out: list[str] = []
        for flag, value in self.parsed.values.items():
            if flag in skip or handling(self.name, flag)[0] != PASS:
                continue
            if value is True:
                out.append(f"--{flag}")
            elif isinstance(value, list):
                out += [f"--{flag}={v}" for v in value]
            elif value is not False:
                out.append(f"--{flag}={value}")
        return out

    def plan(self, words: list[str], **kw: object) -> Plan:
        """A supervised nerdctl compose command: progress restated live, failures in compose's words."""
        kw.setdefault("restate", restate)
        return Plan([*self.compose(), *words], log_prefix=errors.LOG_PREFIX,
                    record_view=lambda record: progress_view(record, self.name, quiet=self.quiet,
                                                             some=bool(self.parsed.args), names=self.names),
                    env={"DOCKER_CONFIG": self.ctx.config} if self.ctx.config else None, **kw)  # type: ignore[arg-type]


def _refuse(values: dict[str, object], command: str, shown: str) -> None:
    for flag, value in values.items():
        how, why = handling(command, flag)
        if how == REFUSE:
            raise DockerError(f"unsupported flag: --{flag} is not supported by pydock's {NAME} backend: {why}",
                              EXIT_COMPOSE)
        if flag == "pull" and value not in ("policy", "always", "missing", "never"):
            raise DockerError(f'invalid --pull option "{value}"', EXIT_COMPOSE)


# nerdctl compose's info records → (what, how docker compose words its steps). Records not listed (the
# `nerdctl run` command lines, which carry the services' environment, "Ensuring image …") show nothing.
_STEPS = (
    (re.compile(r"Creating network (\S+)$"), "Network", ("Creating", "Created")),
    (re.compile(r"Creating volume (\S+)$"), "Volume", ("Creating", "Created")),
    (re.compile(r"Creating container (\S+)$"), "Container", ("Creating", "Created")),
    (re.compile(r"Re-creating container (\S+)$"), "Container", ("Recreate", "Recreated")),
    (re.compile(r"Container (\S+) exists, skipping$"), "Container", ("Running",)),
    (re.compile(r"Stopping container (\S+)$"), "Container", ("Stopping", "Stopped")),
    (re.compile(r"Removing container (\S+)$"), "Container", ("Removing", "Removed")),
    (re.compile(r"Removing network (\S+)$"), "Network", ("Removing", "Removed")),
    (re.compile(r"Removing volume (\S+)$"), "Volume", ("Removing", "Removed")),
    (re.compile(r"Restarting container (\S+)$"), "Container", ("Restarting", "Started")),
    (re.compile(r"Pulling image (\S+)$"), "Image", ("Pulling", "Pulled")),
    (re.compile(r"Pushing image (\S+)$"), "Image", ("Pushing", "Pushed")),
)
# nerdctl's warnings docker compose has no cause for: compose-go's normal form (every depends_on is "required",
# which docker compose honours), the volume nerdctl's compose just created, met again when a service mounts it.
_NOISE = re.compile(r'^Ignoring: service \S+: depends_on: \S+: \[Required\]$|^volume "\S+" already exists and will be '
                    r"returned as-is$")
_KEPT = re.compile(r"^container ([0-9a-f]{64}) is already running$")
# nerdctl's compose counts every container of the services a command does not name (run's, up's) an orphan.
_ORPHANS = re.compile(r"^found \d+ orphaned containers: \[(.*)\], you can run this command with the --remove-orphans "
                      r"flag to clean it up$")


def progress_view(record: str, command: str, *, quiet: bool = False, some: bool = False,
                  names: dict[str, str] | None = None) -> str | None:
    """What docker compose prints for one of nerdctl compose's log records ("" nothing; None: an error kept
    for the end). `some`: the command names services, whose siblings nerdctl's compose takes for orphans."""
    fields = errors.parse_record(record)
    level, message = fields.get("level", ""), fields.get("msg", "")
    if level in ("error", "fatal"):
        return None
    running = _KEPT.match(message)
    if level == "warning" and running:  # a container `up` keeps, as it is
        name = (names or {}).get(running.group(1), running.group(1)[:12])
        return "" if quiet else progress("Container", name, "Running")
    if level == "warning":
        orphans = _ORPHANS.match(message)
        if orphans and command != "run" and not some:  # docker compose's wording
            return (f'time="{fields.get("time", "")}" level=warning msg="Found orphan containers '
                    f"([{orphans.group(1)}]) for this project. If you removed or renamed this service in your "
                    "compose file, you can run this command with the --remove-orphans flag to clean it up.\"\n")
        return "" if _NOISE.match(message) or orphans else record + "\n"
    if quiet:
        return ""
    for pattern, kind, steps in _STEPS:
        found = pattern.match(message)
        if found:
            if kind == "Container" and steps[0] in ("Creating", "Recreate") and command == "up":
                steps = (*steps, "Starting", "Started")  # noqa: PLW2901 - nerdctl's up creates and starts in one step
            return "".join(progress(kind, found.group(1), status) for status in steps)
    return ""


_EXITED = re.compile(r'^container "\S+" exited$')
_EXEC_CODE = re.compile(r"^exec failed with exit code (\d+)$")
_NOT_RUNNING = re.compile(r"^no running containers from service (\S+)$")
_NESTED = re.compile(r'^error while executing \[.*?\]: "(time=.*)\\n": exit status \d+$', re.DOTALL)


def compose_message(message: str) -> str:
    """A nerdctl compose error in docker compose's words."""
    nested = _NESTED.match(message)
    if nested:  # a nerdctl command compose ran failed: its own record, Go-quoted inside this one
        inner = errors.parse_record(nested.group(1).encode().decode("unicode_escape"))
        message = inner.get("msg", message)
    not_running = _NOT_RUNNING.match(message)
    if not_running:
        return f'service "{not_running.group(1)}" is not running'
    # docker's wording of the runtime's message, without the daemon prefix compose's own errors lack
    return errors.docker_message(message).removeprefix("Error response from daemon: ")


def restate(result: Result) -> Done:
    """A failed nerdctl compose command: docker compose prints the error's message and exits 1; a command
    exec ran exits with its own code."""
    if result.code == 0:
        return Done(0)
    messages = [errors.parse_record(r).get("msg", r) for r in result.errors]
    for message in messages:
        code = _EXEC_CODE.match(message)
        if code:
            return Done(int(code.group(1)))
    text = compose_message(messages[0]) if messages else ""
    return Done(EXIT_COMPOSE if result.code != 0 else 0, stderr=text)


def _ps(call: _Call) -> Plan | Done:
    """docker compose ps: the project's containers (by label), inspected, in compose's table or JSON."""
    parsed = call.parsed
    statuses = [str(s) for s in parsed.get("status") or []]  # type: ignore[union-attr]
    given = parsed.text("filter")
    if given:
        key, sep, value = given.partition("=")
        if not sep:
            raise DockerError("arguments to --filter should be in form KEY=VAL", EXIT_COMPOSE)
        if key != "status":
            raise DockerError(f"unknown filter {key}", EXIT_COMPOSE)
        statuses.append(value)
    listing = [*base(call.ctx), "ps", "--all", "--quiet", "--no-trunc",
               f"--filter=label={PROJECT_LABEL}={call.project.name}"]

    def inspect(listed: Result) -> Plan | Done:
        ids = listed.stdout.decode().split()
        if not ids:
            return show(b"[]")
        return Plan([*base(call.ctx), "container", "inspect", *ids], CAPTURE, log_prefix=errors.LOG_PREFIX,
                    then=lambda inspected: show(inspected.stdout), restate=restate)

    def show(data: bytes) -> Done:
        import json

        from shim.backends.nerdctl.views import container_summary
        from shim.output.compose import ps_output

        summaries = [container_summary(d) for d in json.loads(data or b"[]")]
        return Done(0, ps_output(summaries, call.project.name, services=list(parsed.args),
                                 show_all=parsed.get("all") is True, quiet=parsed.get("quiet") is True,
                                 fmt=parsed.text("format", "table"), statuses=statuses,
                                 list_services=parsed.get("services") is True,
                                 trunc=parsed.get("no-trunc") is not True))

    return Plan(listing, CAPTURE, log_prefix=errors.LOG_PREFIX, then=inspect, restate=restate,
                later=([*base(call.ctx), "container", "inspect", "<ID>…"],))


def _up(call: _Call) -> Plan | Done:
    parsed = call.parsed
    skip = ("pull",) if parsed.get("pull") == "policy" else ()
    if parsed.get("no-start") is True:
        allowed = ("build", "force-recreate", "no-build", "no-recreate", "pull")
        words = [f"--{f}={v}" if not isinstance(v, bool) else f"--{f}" for f, v in parsed.values.items()
                 if f in allowed and v is not False and f not in skip]
        return call.plan(["create", *words, *parsed.args])
    waits = parsed.get("wait") is True
    exit_from = parsed.text("exit-code-from")
    words = ["up", *call.passed(skip), *(["--detach"] if waits and parsed.get("detach") is not True else []),
             *(["--abort-on-container-exit"] if exit_from and not parsed.get("abort-on-container-exit") else []),
             *parsed.args]
    if waits:
        timeout = int(parsed.get("wait-timeout") or 0)
        return call.plan(words, then=lambda _r: _wait_running(call, timeout))
    if exit_from:
        return call.plan(words, always_then=True, then=lambda r: _exit_code_of(call, exit_from, r))
    return call.plan(words)


def _wait_running(call: _Call, timeout: int) -> Plan:
    """Poll the project's containers until each runs (and is healthy where it has a health check)."""
    import time

    deadline = time.monotonic() + timeout if timeout > 0 else 0.0
    listing = [*base(call.ctx), "ps", "--all", "--quiet", "--no-trunc",
               f"--filter=label={PROJECT_LABEL}={call.project.name}"]

    def check(listed: Result) -> Plan | Done:
        ids = listed.stdout.decode().split()
        return Plan([*base(call.ctx), "container", "inspect", *ids], CAPTURE, log_prefix=errors.LOG_PREFIX,
                    then=judge, restate=restate) if ids else Done(0)

    def judge(inspected: Result) -> Plan | Done:
        import json

        from shim.backends.nerdctl.views import container_summary

        pending = []
        for d in json.loads(inspected.stdout or b"[]"):
            s = container_summary(d)
            name = s["Names"][0].lstrip("/")
            if s["State"] == "exited" and s.get("ExitCode", 0) != 0:
                return Done(EXIT_COMPOSE, stderr=f"container {name} exited ({s.get('ExitCode')})")
            health = (d.get("State") or {}).get("Health") or {}
            if health.get("Status") == "unhealthy":
                return Done(EXIT_COMPOSE, stderr=f"container {name} is unhealthy")
            if s["State"] != "running" or health.get("Status") == "starting":
                pending.append(name)
        if not pending:
            return Done(0)
        if deadline and time.monotonic() > deadline:
            return Done(EXIT_COMPOSE, stderr="timeout waiting for dependencies")
        time.sleep(0.2)
        return Plan(listing, CAPTURE, log_prefix=errors.LOG_PREFIX, then=check, restate=restate)

    return Plan(listing, CAPTURE, log_prefix=errors.LOG_PREFIX, then=check, restate=restate)


def _exit_code_of(call: _Call, service: str, ran: Result) -> Plan | Done:
    """`up --exit-code-from SERVICE`: the exit code of that service's container."""
    # nerdctl's --abort-on-container-exit ends failing, "container … exited", whichever way the container ended
    if ran.code != 0 and not all(_EXITED.match(errors.parse_record(r).get("msg", "")) for r in ran.errors):
        return restate(ran)
    name = f"{call.project.name}-{service}-1"
    return Plan([*base(call.ctx), "container", "inspect", "--format", "{{.State.ExitCode}}", name], CAPTURE,
                log_prefix=errors.LOG_PREFIX, restate=restate,
                then=lambda r: Done(int(r.stdout.decode().strip() or 0)))


def _down(call: _Call) -> Plan | Done:
    rmi = call.parsed.text("rmi")
    if rmi and rmi not in ("all", "local"):
        raise DockerError(f'invalid value for --rmi: "{rmi}"', EXIT_COMPOSE)
    words = ["down", *call.passed(), *call.parsed.args]
    if not rmi:
        return call.plan(words)

    def config_then_down(config: Result) -> Plan:
        images = service_images(config.stdout.decode(), call.project.name)
        names = sorted({image for image, built in images.values() if rmi == "all" or built})
        return call.plan(words, then=lambda _r: _remove_images(call, names))

    return Plan([*call.compose(), "config"], CAPTURE, log_prefix=errors.LOG_PREFIX,
                then=config_then_down, restate=restate, later=([*call.compose(), *words],))


def service_images(config: str, project: str) -> dict[str, tuple[str, bool]]:
    """service → (its image, whether compose names it itself: a `build:` without `image:`), read from the
    canonical YAML nerdctl's `compose config` prints (services at four spaces, their keys at eight)."""
    found: dict[str, list] = {}
    in_services, service = False, ""
    for line in config.splitlines():
        if not line.startswith(" "):
            in_services = line.rstrip() == "services:"
            continue
        if not in_services:
            continue
        if line.startswith("    ") and not line.startswith("     ") and line.rstrip().endswith(":"):
            service = line.strip()[:-1]
            found[service] = ["", False]
        elif service and line.startswith("        ") and not line.startswith("         "):
            key, _, value = line.strip().partition(":")
            if key == "image":
                found[service][0] = value.strip().strip("'\"")
            elif key == "build":
                found[service][1] = True
    return {s: (image or f"{project}-{s}", built and not image) for s, (image, built) in found.items()}


def _remove_images(call: _Call, names: list[str], removed: tuple[str, ...] = ()) -> Plan | Done:
    """down --rmi: each image in turn; one that is not there (never pulled or built) is skipped, as docker
    compose skips it."""
    if not names:
        lines = "".join(progress("Image", n, s) for n in removed for s in ("Removing", "Removed"))
        return Done(0, stderr="" if call.quiet else lines)

    def next_one(result: Result) -> Plan | Done:
        messages = [errors.parse_record(r).get("msg", r) for r in result.errors]
        if result.code != 0 and not all("no such image" in m.lower() or "not found" in m for m in messages):
            return Done(EXIT_COMPOSE, stderr=compose_message(messages[0]) if messages else "")
        return _remove_images(call, names[1:], (*removed, names[0]) if result.code == 0 else removed)

    return Plan([*base(call.ctx), "rmi", names[0]], CAPTURE, log_prefix=errors.LOG_PREFIX, always_then=True,
                then=next_one)


def _exec(call: _Call) -> Plan:
    parsed = call.parsed
    tty = parsed.get("no-tty") is False if "no-tty" in parsed.values else call.ctx.stdin_tty
    words = ["exec", *call.passed(skip=("no-tty",)), *([] if tty else ["--no-TTY"]), *parsed.args]
    return call.plan(words, mode=EXEC) if tty else call.plan(words)


def _run(call: _Call) -> Plan | Done:
    """compose run: on a terminal nerdctl's own (interactive) run; else the container started detached, its
    output followed, and pydock exits with its exit code (nerdctl's compose run exits 0 whatever it returns)."""
    import secrets

    parsed = call.parsed
    if parsed.text("pull", "policy") != "policy":
        raise DockerError(f"unsupported flag: --pull={parsed.text('pull')} is not supported by pydock's nerdctl "
                          "backend: nerdctl's compose run pulls only missing images", EXIT_COMPOSE)
    service, command = parsed.args[0], parsed.args[1:]
    name = parsed.text("name") or f"{call.project.name}-{service}-run-{secrets.token_hex(6)}"
    entry = [f"--entrypoint={parsed.text('entrypoint')}"] if "entrypoint" in parsed.values else []
    flags = [*call.passed(), *entry, f"--name={name}"]
    tty = parsed.get("no-tty") is False if "no-tty" in parsed.values else (call.ctx.stdin_tty and call.ctx.stdout_tty)
    if tty and parsed.get("detach") is not True:
        rm = ["--rm"] if parsed.get("rm") is True else []
        return call.plan(["run", *flags, *rm, service, *command], mode=EXEC)
    started = call.plan(["run", "--detach", "--interactive=false", *flags, service, *command],
                        then=lambda _r: _follow(call, name))
    return started


def _follow(call: _Call, name: str) -> Plan:
    ctx, parsed = call.ctx, call.parsed
    if parsed.get("detach") is True:  # docker compose prints the new container's ID
        return Plan([*base(ctx), "container", "inspect", "--format", "{{.ID}}", name], log_prefix=errors.LOG_PREFIX,
                    restate=restate)

    def waited(result: Result) -> Plan | Done:
        code = int(result.stdout.decode().strip() or EXIT_COMPOSE) if result.code == 0 else EXIT_COMPOSE
        if parsed.get("rm") is True:
            return Plan([*base(ctx), "rm", "--force", name], CAPTURE, log_prefix=errors.LOG_PREFIX,
                        always_then=True, then=lambda _r: Done(code))
        return Done(code)

    wait = Plan([*base(ctx), "wait", name], CAPTURE, log_prefix=errors.LOG_PREFIX, always_then=True, then=waited)
    return Plan([*base(ctx), "logs", "--follow", name], log_prefix=errors.LOG_PREFIX, always_then=True,
                then=lambda _r: wait)


def _config(call: _Call) -> Plan | Done:
    """compose config: nerdctl prints the same YAML with four-space indents; docker compose uses two."""
    parsed = call.parsed
    if parsed.text("format", "yaml") != "yaml":
        raise DockerError(f"unsupported flag: --format={parsed.text('format')} is not supported by pydock's "
                          "nerdctl backend: nerdctl's compose config prints YAML only", EXIT_COMPOSE)
    plain = any(parsed.get(f) for f in ("quiet", "services", "volumes", "hash"))
    words = ["config", *call.passed(skip=("format",)), *parsed.args]
    if plain:
        return call.plan(words)
    from shim.output.compose import two_space_yaml

    return call.plan(words, mode=CAPTURE, then=lambda r: Done(0, two_space_yaml(r.stdout.decode())))


# Commands that act on running containers one by one → nerdctl's command and docker compose's two words.
# nerdctl's compose also acts on the services the named ones depend on; docker compose does not, so with
# SERVICE arguments pydock finds the services' containers itself and runs nerdctl's command on them.
_PER_CONTAINER = {
    "stop": (["stop"], ("Stopping", "Stopped")), "start": (["start"], ("Starting", "Started")),
    "restart": (["restart"], ("Restarting", "Started")), "kill": (["kill"], ("Killing", "Killed")),
    "pause": (["pause"], ("Pausing", "Paused")), "unpause": (["unpause"], ("Unpausing", "Unpaused")),
}


def _named_services(call: _Call) -> Plan:
    """stop/start/restart/kill/pause/unpause SERVICE...: the containers of exactly those services."""
    import json

    from shim.output.compose import SERVICE_LABEL, oneoff

    parsed = call.parsed
    words, steps = _PER_CONTAINER[call.name]
    extra = [f"--time={parsed.get('timeout')}"] if parsed.get("timeout") is not None else []
    if call.name == "kill":
        extra = [f"--signal={parsed.text('signal', 'SIGKILL')}"]
    listing = [*base(call.ctx), "ps", "--all", "--no-trunc", "--format", "{{json .}}",
               f"--filter=label={PROJECT_LABEL}={call.project.name}"]

    def act(listed: Result) -> Plan | Done:
        rows = [json.loads(line) for line in listed.stdout.decode().splitlines() if line.strip()]
        names = []
        for row in rows:
            labels = dict(item.split("=", 1) for item in (row.get("Labels") or "").split(",") if "=" in item)
            summary = {"Names": [row.get("Names", "")], "Labels": labels}
            if labels.get(SERVICE_LABEL) in parsed.args and not oneoff(summary, call.project.name):
                names.append(row.get("Names", ""))
        missing = [s for s in parsed.args if not any(n.startswith(f"{call.project.name}-{s}-") for n in names)]
        if missing:
            return Done(EXIT_COMPOSE, stderr=f"no such service: {missing[0]}")
        names.sort()
        lines = "" if call.quiet else "".join(progress("Container", n, w) for n in names for w in steps)
        return Plan([*base(call.ctx), *words, *extra, *names], CAPTURE, log_prefix=errors.LOG_PREFIX,
                    restate=restate, then=lambda _r: Done(0, stderr=lines))

    return Plan(listing, CAPTURE, log_prefix=errors.LOG_PREFIX, then=act, restate=restate,
                later=([*base(call.ctx), *words, *extra, "<CONTAINER>…"],))


def _images(call: _Call) -> Plan:
    """compose images: nerdctl's compose names each container's image; pydock's image entries give docker's
    size, date and platform (views.image_entries, as `docker images` reads them)."""
    import json

    parsed = call.parsed
    fmt = parsed.text("format", "table")
    if fmt not in ("table", "json"):
        raise DockerError(f"unsupported format type: {fmt}", EXIT_COMPOSE)

    def inspect(listed: Result) -> Plan | Done:
        rows = [r for r in json.loads(listed.stdout or b"[]")
                if not parsed.args or any(r.get("ContainerName", "").startswith(f"{call.project.name}-{s}-")
                                          for s in parsed.args)]
        ids = list(dict.fromkeys(r["ImageID"] for r in rows if r.get("ImageID")))
        if not ids:
            return show(rows, b"[]")
        return Plan([*base(call.ctx), "image", "inspect", "--mode=native", *ids], CAPTURE,
                    log_prefix=errors.LOG_PREFIX, restate=restate, then=lambda r: show(rows, r.stdout))

    def show(rows: list[dict], natives: bytes) -> Done:
        import time

        from shim.backends.nerdctl.views import epoch, image_entries
        from shim.output.compose import images_output

        entries = {e["Id"]: e for e in image_entries(json.loads(natives or b"[]"))}
        out = []
        for r in sorted(rows, key=lambda r: r.get("ContainerName", "")):
            e = entries.get(r.get("ImageID", ""), {})
            platform = "/".join(p for p in (e.get("Os"), e.get("Architecture"), e.get("Variant")) if p)
            out.append({"ContainerName": r.get("ContainerName", ""), "Repository": r.get("Repository", ""),
                        "Tag": r.get("Tag", ""), "Id": r.get("ImageID", ""), "Platform": platform,
                        "Size": e.get("Size", 0), "Created": epoch(e.get("Created", "")),
                        "CreatedText": e.get("Created", "")})
        return Done(0, images_output(out, time.time(), fmt=fmt, quiet=parsed.get("quiet") is True))

    return Plan([*call.compose(), "images", "--format", "json"], CAPTURE, log_prefix=errors.LOG_PREFIX,
                then=inspect, restate=restate, later=([*base(call.ctx), "image", "inspect", "<ID>…"],))


def _top(call: _Call) -> Plan:
    """compose top: `nerdctl top` of each running container of the project, in one table under SERVICE and #."""
    import json

    from shim.output.compose import SERVICE_LABEL, oneoff

    parsed = call.parsed
    listing = [*base(call.ctx), "ps", "--no-trunc", "--format", "{{json .}}",
               f"--filter=label={PROJECT_LABEL}={call.project.name}"]

    def each(listed: Result) -> Plan | Done:
        found = []
        for line in listed.stdout.decode().splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            labels = dict(i.split("=", 1) for i in (row.get("Labels") or "").split(",") if "=" in i)
            service, name = labels.get(SERVICE_LABEL, ""), row.get("Names", "")
            if (not parsed.args or service in parsed.args) and not oneoff({"Names": [name], "Labels": labels},
                                                                         call.project.name):
                found.append((service, name.rsplit("-", 1)[-1], name))
        return step(sorted(found), [])

    def step(left: list[tuple[str, str, str]], done: list[tuple[str, str, str]]) -> Plan | Done:
        from shim.output.compose import top_output

        if not left:
            return Done(0, top_output(done))
        service, number, name = left[0]
        return Plan([*base(call.ctx), "top", name], CAPTURE, log_prefix=errors.LOG_PREFIX, restate=restate,
                    then=lambda r: step(left[1:], [*done, (service, number, r.stdout.decode())]))

    return Plan(listing, CAPTURE, log_prefix=errors.LOG_PREFIX, then=each, restate=restate,
                later=([*base(call.ctx), "top", "<CONTAINER>"],))


_NO_PORT = re.compile(r"^no public port (\S+) published for ")


def _port(call: _Call) -> Plan:
    """compose port: nerdctl's answer, its "no public port" worded as docker compose words it."""
    parsed = call.parsed
    name = f"{call.project.name}-{parsed.args[0]}-{parsed.get('index') or 1}"

    def worded(result: Result) -> Done:
        done = restate(result)
        missing = _NO_PORT.match(done.stderr)
        if missing:  # sic: compose ends it with a colon and a blank
            return Done(done.code, stderr=f"no port {missing.group(1)} for container {name}: ")
        return done

    return call.plan(["port", *call.passed(), *parsed.args], restate=worded)


def _logs(call: _Call) -> Plan:
    """compose logs: nerdctl's lines (`NAME  |text`, the name padded as docker compose pads it) with docker
    compose's ` | ` between name and text, on both streams as they arrive."""
    def line(text: str) -> str:
        bar = text.find("|")
        prefixed = bar > 0 and not call.parsed.get("no-log-prefix")
        return (text[:bar] + " | " + text[bar + 1:] if prefixed else text) + "\n"

    def err_line(text: str) -> str | None:
        if text.startswith('time="'):  # nerdctl's own record
            return progress_view(text, "logs")
        return line(text)

    plan = call.plan(["logs", *call.passed(), *call.parsed.args], stdout_view=line)
    plan.log_prefix = (b"",)  # type: ignore[assignment] - every line of stderr is restated
    plan.record_view = err_line
    return plan


def _ls(parsed: Parsed, ctx: Context) -> Plan:
    """compose ls: the projects of compose's containers (by their labels), with their states and files."""
    import json

    fmt = parsed.text("format", "table")
    if fmt.lower() not in ("table", "pretty", "json"):
        raise DockerError(f'format value "{fmt}" could not be parsed: parsing failed', EXIT_COMPOSE)
    filters: dict[str, list[str]] = {}
    for given in parsed.get("filter") or []:  # type: ignore[union-attr]
        key, _, value = str(given).partition("=")
        if key != "name":
            raise DockerError(f"invalid filter '{key}'", EXIT_COMPOSE)
        filters.setdefault(key, []).append(value)
    listing = [*base(ctx), "ps", "--quiet", "--no-trunc", f"--filter=label={PROJECT_LABEL}",
               *(["--all"] if parsed.get("all") is True else [])]

    def inspect(listed: Result) -> Plan | Done:
        ids = listed.stdout.decode().split()
        if not ids:
            return show(b"[]")
        return Plan([*base(ctx), "container", "inspect", *ids], CAPTURE, log_prefix=errors.LOG_PREFIX,
                    restate=restate, then=lambda r: show(r.stdout))

    def show(data: bytes) -> Done:
        from shim.backends.nerdctl.views import container_summary
        from shim.output.compose import ls_output

        summaries = [container_summary(d) for d in json.loads(data or b"[]")]
        return Done(0, ls_output(summaries, names=filters.get("name", []), quiet=parsed.get("quiet") is True,
                                 fmt=fmt.lower()))

    return Plan(listing, CAPTURE, log_prefix=errors.LOG_PREFIX, then=inspect, restate=restate,
                later=([*base(ctx), "container", "inspect", "<ID>…"],))
