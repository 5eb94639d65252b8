"""docker compose on nerdctl's compose: the project named explicitly (-f, --project-directory, -p), each of
docker compose's flags passed, emulated or refused (FLAGS), and the commands nerdctl's compose lacks (LACKING).

Where nerdctl's compose prints or exits otherwise than docker compose in ways scripts read, pydock takes its
own steps: compose_lists.py (ps, ls, images, top: docker compose's tables from the containers' inspect) and
compose_steps.py (up --wait / --exit-code-from / --no-start, down --rmi, run's and exec's exit codes, logs,
config, port, and the per-service commands); compose_records.py restates nerdctl's log records.
"""

from __future__ import annotations

import os
import re

from shim.backends.handling import EMULATE, NOOP, PASS, REFUSE
from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import NAME, base
from shim.backends.nerdctl.compose_records import progress_view, restate
from shim.compose_project import EXIT_COMPOSE
from shim.errors import DockerError
from shim.output.compose import PROJECT_LABEL, progress
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.backends.nerdctl.compose_ssh import Staged
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
        from shim.backends.nerdctl.compose_lists import ls

        return ls(parsed, ctx)
    assert project is not None
    call = Call(project, root, parsed, ctx, name)
    if ctx.remote is None or name in _FILELESS:
        return _steps(call)
    from shim.backends.nerdctl import compose_ssh  # the files go to the remote first

    # the commands that create containers keep the services' env and label files where the next call finds them
    # (compose_ssh.KEPT); down removes them
    call.staging = compose_ssh.Staged(project, "keep" if name in _LABELLED else "forget" if name == "down" else "")
    return compose_ssh.staged(call.staging, _steps(call))


def _steps(call: Call) -> Plan | Done:
    name = call.name
    module, function = _OWN_STEPS.get(name, ("", ""))
    if name in PER_CONTAINER and call.parsed.args:
        module, function = "compose_steps", "named_services"
    step = getattr(__import__(f"shim.backends.nerdctl.{module}", fromlist=[function]), function) if module else None
    # a file on stdin cannot be read twice here (config --services, then the step); over ssh pydock read it once
    if name in _LABELLED and ("-" not in call.project.files or call.staging is not None):
        return _with_labels(call, step or _passed)
    return step(call) if step else _passed(call)


# Subcommands whose steps find the project's containers by its label alone: over ssh no files need sending
_FILELESS = ("ps", "top")
# Subcommands with steps of pydock's own → (module of this package, function of the Call).
_OWN_STEPS = {
    "ps": ("compose_lists", "ps"), "images": ("compose_lists", "images"), "top": ("compose_lists", "top"),
    "up": ("compose_steps", "up"), "down": ("compose_steps", "down"), "run": ("compose_steps", "run"),
    "exec": ("compose_steps", "exec_in"), "config": ("compose_steps", "config"), "port": ("compose_steps", "port"),
    "logs": ("compose_steps", "logs"),
}
# Commands that act on containers one by one → docker compose's two words. nerdctl's compose also acts on the
# services the named ones depend on; docker compose does not, so with SERVICE arguments pydock finds the
# services' containers itself (compose_steps.named_services).
PER_CONTAINER = {
    "stop": ("Stopping", "Stopped"), "start": ("Starting", "Started"), "restart": ("Restarting", "Started"),
    "kill": ("Killing", "Killed"), "pause": ("Pausing", "Paused"), "unpause": ("Unpausing", "Unpaused"),
}


def _passed(call: Call) -> Plan | Done:
    if call.name == "cp" and call.staging is not None:  # over ssh: the local side goes through ssh (cp_remote.py)
        from shim.backends.nerdctl import adjust, cp_remote

        source, target = (adjust._cp_side(a) for a in call.parsed.args)
        return cp_remote.translate(source, target, call.ctx, restate, follow=call.parsed.get("follow-link") is True,
                                   command=[*call.compose(), "cp", *call.passed()])
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


def _with_labels(call: Call, step: Callable[[Call], Plan | Done]) -> Plan:
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
        text = json.dumps({"services": services})
        fd = os.open(override, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        call.extra_files = [override]
        if call.staging is not None:  # over ssh: the file goes to the call's folder on the remote, then the step
            call.staging.files[override] = f"{call.staging.folder}/labels.json"
        if call.name != "up":
            return _uploaded(call, override, text, step(call))
        # which containers exist already: nerdctl warns "container ID is already running" of one it keeps,
        # which docker compose reports by name as Running
        return _uploaded(call, override, text, Plan(
            [*base(call.ctx), "ps", "--all", "--no-trunc", "--format", "{{.ID}} {{.Names}}",
             f"--filter=label={PROJECT_LABEL}={call.project.name}"], CAPTURE, log_prefix=errors.LOG_PREFIX,
            restate=restate, then=lambda r: step(call.knowing(r.stdout.decode()))))

    return Plan([*call.compose(), "config", "--services"], CAPTURE, log_prefix=errors.LOG_PREFIX, then=write,
                restate=call.restate, cleanup=(override,), later=([*call.compose(), call.name, "…"],))


def _uploaded(call: Call, local: str, text: str, then: Plan | Done) -> Plan | Done:
    if call.staging is None:
        return then
    from shim.backends.nerdctl.compose_ssh import upload

    return upload(call, local, text.encode(), then)


class Call:
    """What the steps of one compose call share: the project, the parsed flags and the settings."""

    __slots__ = ("project", "root", "parsed", "ctx", "name", "quiet", "extra_files", "names", "staging")

    def __init__(self, project: Project, root: dict[str, object], parsed: Parsed, ctx: Context,
                 name: str) -> None:
        self.project, self.root, self.parsed, self.ctx, self.name = project, root, parsed, ctx, name
        self.quiet = root.get("progress") == "quiet"
        self.extra_files: list[str] = []  # pydock's own compose files after the project's (labels)
        self.names: dict[str, str] = {}  # container ID → name, of the project's containers before `up`
        self.staging: Staged | None = None  # over ssh: the files' copies on the remote (compose_ssh.py)

    def knowing(self, listing: str) -> Call:
        self.names = dict(line.split(" ", 1) for line in listing.splitlines() if " " in line)
        return self

    def compose(self) -> list[str]:
        """nerdctl's compose with the project named: files, directory, name, env file and profiles."""
        p = self.project
        where = self.staging.remote if self.staging is not None else str
        argv = [*base(self.ctx), "compose", *(f"--file={where(f)}" for f in [*p.files, *self.extra_files]),
                f"--project-directory={p.directory}",
                f"--project-name={p.name}"]
        if len(p.env_files) > 1:
            raise DockerError("unsupported flag: --env-file given more than once is not supported by pydock's "
                              "nerdctl backend: nerdctl's compose reads one env file", EXIT_COMPOSE)
        env_files = p.env_files if self.staging is None else self.staging.env
        argv += [f"--env-file={where(f)}" for f in env_files]
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

    def restate(self, result: Result) -> Done:
        """nerdctl's failure in compose's words; over ssh naming this machine's files, not the copies."""
        done = restate(result)
        if self.staging is not None:
            done.stderr = self.staging.localized(done.stderr)
        return done

    def plan(self, words: list[str], **kw: object) -> Plan:
        """A supervised nerdctl compose command: progress restated live, failures in compose's words."""
        kw.setdefault("restate", self.restate)
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
