"""docker compose's steps where nerdctl's compose answers otherwise: up --wait / --exit-code-from / --no-start,
down --rmi, run and exec with the command's exit code, logs and config as compose prints them, port's
missing-port error, and the per-service commands (stop SERVICE … act on exactly those services)."""

from __future__ import annotations

import re

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base
from shim.backends.nerdctl.compose_records import EXITED, compose_message, restate
from shim.compose_project import EXIT_COMPOSE
from shim.errors import DockerError
from shim.output.compose import progress
from shim.plan import CAPTURE, EXEC, STOP_PROJECT, STOP_PROJECT_KEYS, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends.nerdctl.compose import Call
    from shim.plan import Result

def up(call: Call) -> Plan | Done:
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
    if parsed.get("detach") is True:
        return call.plan(words)
    # attached, docker compose stops the project gracefully on SIGINT, SIGTERM or SIGHUP and ends 130; nerdctl's
    # stops it on SIGINT alone and dies of the others, leaving its `nerdctl logs` children: it runs in a process
    # group of its own and pydock applies compose's rules (shim/signal_rules.py)
    attached: dict[str, object] = {"signals": STOP_PROJECT, "own_group": True}
    if call.ctx.stdin_tty and call.ctx.stdout_tty:
        # on a terminal, compose's key menu reads Ctrl-C: one stops the project gracefully (0), the next kills it
        attached = {**attached, "signals": STOP_PROJECT_KEYS, "proxy_kill": (*call.compose(), "kill", *parsed.args)}
    if call.staging is not None:  # over ssh a SIGINT would end ssh here, not nerdctl there: the remote stops it
        attached["stop_command"] = (*call.compose(), "stop", *parsed.args)
    if exit_from:
        return _with_log_lines(call.plan(words, always_then=True, then=lambda r: _exit_code_of(call, exit_from, r),
                                         **attached), no_prefix=parsed.get("no-log-prefix") is True)
    return _with_log_lines(call.plan(words, **attached), no_prefix=parsed.get("no-log-prefix") is True)


def _wait_running(call: Call, timeout: int) -> Plan:
    """Poll the project's containers until each runs (and is healthy where it has a health check)."""
    import time

    from shim.backends.nerdctl.compose_lists import project_containers, project_label

    deadline = time.monotonic() + timeout if timeout > 0 else 0.0

    def judge(summaries: list[dict]) -> Plan | Done:
        pending = []
        for s in summaries:
            name, state = s["Names"][0].lstrip("/"), s["Inspect"].get("State") or {}
            health = (state.get("Health") or {}).get("Status", "")
            if s["State"] == "exited" and state.get("ExitCode", 0) != 0:
                return Done(EXIT_COMPOSE, stderr=f"container {name} exited ({state.get('ExitCode')})")
            if health == "unhealthy":
                return Done(EXIT_COMPOSE, stderr=f"container {name} is unhealthy")
            if s["State"] != "running" or health == "starting":
                pending.append(name)
        if not pending:
            return Done(0)
        if deadline and time.monotonic() > deadline:
            return Done(EXIT_COMPOSE, stderr="timeout waiting for dependencies")
        time.sleep(0.2)
        return project_containers(call.ctx, project_label(call), judge)

    return project_containers(call.ctx, project_label(call), judge)


def _exit_code_of(call: Call, service: str, ran: Result) -> Plan | Done:
    """`up --exit-code-from SERVICE`: the exit code of that service's container."""
    # nerdctl's --abort-on-container-exit ends failing, "container … exited", whichever way the container ended
    if ran.code != 0 and not all(EXITED.match(errors.parse_record(r).get("msg", "")) for r in ran.errors):
        return restate(ran)
    name = f"{call.project.name}-{service}-1"
    return Plan([*base(call.ctx), "container", "inspect", "--format", "{{.State.ExitCode}}", name], CAPTURE,
                log_prefix=errors.LOG_PREFIX, restate=restate,
                then=lambda r: Done(int(r.stdout.decode().strip() or 0)))


def down(call: Call) -> Plan | Done:
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


def _remove_images(call: Call, names: list[str], removed: tuple[str, ...] = ()) -> Plan | Done:
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


def exec_in(call: Call) -> Plan:
    parsed = call.parsed
    tty = parsed.get("no-tty") is False if "no-tty" in parsed.values else call.ctx.stdin_tty
    words = ["exec", *call.passed(skip=("no-tty",)), *([] if tty else ["--no-TTY"]), *parsed.args]
    return call.plan(words, mode=EXEC) if tty else call.plan(words)


def run(call: Call) -> Plan | Done:
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


def _follow(call: Call, name: str) -> Plan:
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


def config(call: Call) -> Plan | Done:
    """compose config: nerdctl prints the same YAML with four-space indents; docker compose uses two."""
    parsed = call.parsed
    if parsed.text("format", "yaml") != "yaml":
        raise DockerError(f"unsupported flag: --format={parsed.text('format')} is not supported by pydock's "
                          "nerdctl backend: nerdctl's compose config prints YAML only", EXIT_COMPOSE)
    if parsed.get("services") is True and not any(parsed.get(f) for f in ("quiet", "volumes", "hash")):
        # nerdctl lists them in Go's map order; docker compose in its dependency walk (services_in_order)
        return call.plan(["config", *parsed.args], mode=CAPTURE,
                         then=lambda r: Done(0, "".join(f"{n}\n" for n in services_in_order(r.stdout.decode()))))
    plain = any(parsed.get(f) for f in ("quiet", "services", "volumes", "hash"))
    words = ["config", *call.passed(skip=("format",)), *parsed.args]
    if plain:
        return call.plan(words)
    from shim.output.compose import two_space_yaml

    def shown(result: Result) -> Done:
        text = result.stdout.decode()
        if call.staging is not None:  # over ssh: the copies' paths shown as the files they copy, as docker shows them
            text = call.staging.localized(text)
        return Done(0, two_space_yaml(text))

    return call.plan(words, mode=CAPTURE, then=shown)


def services_in_order(config: str) -> list[str]:
    """The services of nerdctl's canonical YAML (services at four spaces, `depends_on:` at eight, its services at
    twelve) in compose-go's ForEachService order: names sorted, each after what it depends on."""
    depends: dict[str, list[str]] = {}
    in_services, service, in_depends = False, "", False
    for line in config.splitlines():
        if not line.startswith(" "):
            in_services = line.rstrip() == "services:"
            continue
        indent = len(line) - len(line.lstrip(" "))
        if not in_services:
            continue
        if indent == 4 and line.rstrip().endswith(":"):
            service, in_depends = line.strip()[:-1], False
            depends[service] = []
        elif indent == 8:
            in_depends = line.strip() == "depends_on:"
        elif indent == 12 and in_depends and line.rstrip().endswith(":"):
            depends[service].append(line.strip()[:-1])
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or name not in depends:
            return
        seen.add(name)  # before its dependencies: a cycle (which compose refuses) cannot loop here
        for dependency in sorted(depends[name]):
            visit(dependency)
        order.append(name)

    for name in sorted(depends):
        visit(name)
    return order


def named_services(call: Call) -> Plan:
    """stop/start/restart/kill/pause/unpause SERVICE...: the containers of exactly those services."""
    from shim.backends.nerdctl.compose import PER_CONTAINER
    from shim.backends.nerdctl.compose_lists import project_containers, project_label
    from shim.output.compose import SERVICE_LABEL, oneoff

    parsed = call.parsed
    steps = PER_CONTAINER[call.name]
    extra = [f"--time={parsed.get('timeout')}"] if parsed.get("timeout") is not None else []
    if call.name == "kill":
        extra = [f"--signal={parsed.text('signal', 'SIGKILL')}"]

    def act(summaries: list[dict]) -> Plan | Done:
        mine = [s for s in summaries if s["Labels"].get(SERVICE_LABEL) in parsed.args
                and not oneoff(s, call.project.name)]
        missing = [a for a in parsed.args if not any(s["Labels"].get(SERVICE_LABEL) == a for s in mine)]
        if missing:
            return Done(EXIT_COMPOSE, stderr=f"no such service: {missing[0]}")
        names = sorted(s["Names"][0].lstrip("/") for s in mine)
        lines = "" if call.quiet else "".join(progress("Container", n, w) for n in names for w in steps)
        return Plan([*base(call.ctx), call.name, *extra, *names], CAPTURE, log_prefix=errors.LOG_PREFIX,
                    restate=restate, then=lambda _r: Done(0, stderr=lines))

    return project_containers(call.ctx, project_label(call), act)


_NO_PORT = re.compile(r"^no public port (\S+) published for ")


def port(call: Call) -> Plan:
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


def logs(call: Call) -> Plan:
    """compose logs: nerdctl's lines with docker compose's prefix (_with_log_lines)."""
    plan = call.plan(["logs", *call.passed(), *call.parsed.args])
    return _with_log_lines(plan, no_prefix=call.parsed.get("no-log-prefix") is True)


def _with_log_lines(plan: Plan, *, no_prefix: bool) -> Plan:
    """The containers' lines of `logs` and of an attached `up` (nerdctl's `NAME  |text`, the name padded as
    docker compose pads it) with docker compose's ` | ` between name and text, on both streams as they
    arrive; nerdctl's own records on stderr still become compose's progress lines."""
    def line(text: str) -> str:
        bar = text.find("|")
        return (text[:bar] + " | " + text[bar + 1:] if bar > 0 and not no_prefix else text) + "\n"

    records = plan.record_view

    def err_line(text: str) -> str | None:
        if text.startswith('time="') and records is not None:  # nerdctl's own record
            return records(text)
        return line(text)

    plan.stdout_view = line
    plan.log_prefix = (b"",)  # type: ignore[assignment] - every line of stderr is restated
    plan.record_view = err_line
    return plan
