"""docker → nerdctl: pure translation of parsed docker options into nerdctl plans.

Every flag of the spec is handled by its ``nerdctl`` field: passed as `--long=value`, renamed, refused
with docker's flag error, accepted as docker's own no-op, or emulated by the verb functions below. No
process runs here; ``execute.py`` runs the plans, and tests call these functions directly.
"""

from __future__ import annotations

from shim import reference
from shim.backends import nerdctl_errors
from shim.errors import DockerError, unsupported_flag, unsupported_value
from shim.plan import CAPTURE, DETACH, Done, Plan
from shim.spec import EMULATE, NOOP, PASS, REFUSE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result

NAME = "nerdctl"


def base(ctx: Context) -> list[str]:
    """The nerdctl executable and its global flags."""
    argv = [ctx.binary]
    if ctx.namespace_given:
        argv.append(f"--namespace={ctx.namespace}")
    if ctx.address:
        argv.append(f"--address={ctx.address}")
    if ctx.debug:
        argv.append("--debug")
    return argv


def flag_args(parsed: Parsed) -> list[str]:
    """The nerdctl flags for every docker flag whose handling the spec states (all but EMULATE)."""
    out: list[str] = []
    command = parsed.command
    for name, value in parsed.values.items():
        flag = command.long_flag(name)
        assert flag is not None
        handling = flag.nerdctl
        if handling == REFUSE:
            raise unsupported_flag(f"--{name}", NAME, flag.note, parsed.path, command.usage)
        if handling in (NOOP, EMULATE):
            continue
        target = f"--{name}" if handling == PASS else handling
        if value is True:
            out.append(target)
        elif value is False:
            if flag.default == "true":
                out.append(f"{target}=false")
        elif isinstance(value, list):
            out.extend(f"{target}={v}" for v in value)
        else:
            out.append(f"{target}={value}")
    return out


def _plan(parsed: Parsed, ctx: Context, argv: list[str], **kw: object) -> Plan:
    """A supervised nerdctl command whose failures are restated in docker's words."""
    verb, path = parsed.command.name, parsed.path
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    return Plan(argv, env=env, log_prefix=nerdctl_errors.LOG_PREFIX,
                restate=lambda r: nerdctl_errors.restate(r, verb=verb, path=path), **kw)  # type: ignore[arg-type]


def _simple(subcommand: str) -> object:
    def translate(parsed: Parsed, ctx: Context) -> Plan:
        return _plan(parsed, ctx, [*base(ctx), subcommand, *flag_args(parsed), *parsed.args])

    translate.__doc__ = f"docker {subcommand} → nerdctl {subcommand}, flag for flag."
    return translate


def _content_trust(parsed: Parsed) -> None:
    # docker 28 verifies signatures (Notary) only when content trust is on; off is its default.
    if parsed.get("disable-content-trust") is False:
        raise unsupported_value("content trust (--disable-content-trust=false) needs Notary image "
                                "signatures", NAME)


def translate_pull(parsed: Parsed, ctx: Context) -> Plan:
    """`pull -q` prints the full reference like docker (nerdctl prints nothing)."""
    _content_trust(parsed)
    ref = parsed.args[0]
    quiet = parsed.get("quiet") is True
    argv = [*base(ctx), "pull", *flag_args(parsed), *(["--quiet"] if quiet else []), ref]
    if not quiet:
        return _plan(parsed, ctx, argv)
    return _plan(parsed, ctx, argv, then=lambda _r: Done(0, reference.normalize(ref) + "\n"))


def translate_push(parsed: Parsed, ctx: Context) -> Plan:
    _content_trust(parsed)
    return _plan(parsed, ctx, [*base(ctx), "push", *flag_args(parsed), *parsed.args])


def translate_load(parsed: Parsed, ctx: Context) -> Plan:
    """Print docker's `Loaded image: NAME` lines (also with -q) instead of nerdctl's progress, and
    drop the `import@sha256:…` reference nerdctl 2.3 adds beside the named images."""
    argv = [*base(ctx), "load", *flag_args(parsed)]
    later = ([*base(ctx), "rmi", "<import@sha256:…>"],)
    return _plan(parsed, ctx, argv, mode=CAPTURE, then=lambda r: _after_load(r, parsed, ctx),
                 later=later)


def loaded_names(stdout: bytes) -> tuple[list[str], list[str]]:
    """(named images, digest-only `import@…` references) from nerdctl load's output, in order."""
    named: list[str] = []
    digests: list[str] = []
    for line in stdout.decode("utf-8", "replace").splitlines():
        if not line.startswith("Loaded image: "):
            continue
        name = line[len("Loaded image: "):].strip()
        bucket = digests if name.startswith("import@") else named
        if name not in bucket:
            bucket.append(name)
    return named, digests


def _after_load(result: Result, parsed: Parsed, ctx: Context) -> Plan | Done:
    named, digests = loaded_names(result.stdout)
    if named:
        lines = "".join(f"Loaded image: {reference.familiar(n)}\n" for n in named)
    else:
        lines = "".join(f"Loaded image ID: {d.split('@', 1)[1]}\n" for d in digests)
    if not (named and digests):
        return Done(0, lines)
    cleanup = [*base(ctx), "rmi", *digests]
    return _plan(parsed, ctx, cleanup, mode=CAPTURE, then=lambda _r: Done(0, lines))


def translate_rm(parsed: Parsed, ctx: Context) -> Plan:
    """`rm -f` of a missing container is silent success in docker."""
    plan = _plan(parsed, ctx, [*base(ctx), "rm", *flag_args(parsed), *parsed.args])
    if parsed.get("force") is True:
        plan.restate = lambda r: _forgive_missing(r, parsed, "no such container")
    return plan


def translate_rmi(parsed: Parsed, ctx: Context) -> Plan:
    """`rmi -f` of a missing image is silent success in docker."""
    plan = _plan(parsed, ctx, [*base(ctx), "rmi", *flag_args(parsed), *parsed.args])
    if parsed.get("force") is True:
        plan.restate = lambda r: _forgive_missing(r, parsed, "no such image")
    return plan


def _forgive_missing(result: Result, parsed: Parsed, needle: str) -> Done:
    from shim.plan import Result as FilteredResult

    kept = [line for line in result.errors if needle not in line.lower()]
    done = nerdctl_errors.restate(FilteredResult(result.code, result.stdout, kept),
                                  verb=parsed.command.name, path=parsed.path)
    if not kept and result.code in (0, 1):
        done.code = 0
    return done


def translate_run(parsed: Parsed, ctx: Context) -> Plan:
    """docker run. `-d --rm` (refused by nerdctl) becomes `run -d` plus a background waiter that
    removes the container when it exits, as Docker's daemon would."""
    _content_trust(parsed)
    _check_tty(parsed, ctx)
    detach, remove = parsed.get("detach") is True, parsed.get("rm") is True
    image, *command = parsed.args
    flags = flag_args(parsed)
    if not (detach and remove):
        rm = ["--rm"] if remove else []
        return _plan(parsed, ctx, [*base(ctx), "run", *flags, *rm, image, *command])
    argv = [*base(ctx), "run", *flags, image, *command]
    waiter = ([*base(ctx), "wait", "<ID>"], [*base(ctx), "rm", "--force", "<ID>"])
    return _plan(parsed, ctx, argv, mode=CAPTURE, then=lambda r: _remove_when_done(r, ctx),
                 later=waiter)


def _remove_when_done(result: Result, ctx: Context) -> Plan:
    cid = result.stdout.decode().strip().splitlines()[-1]
    chain = ([*base(ctx), "wait", cid], [*base(ctx), "rm", "--force", cid])
    return Plan([], DETACH, chain=chain, then=lambda _r: Done(0, cid + "\n"))


def _check_tty(parsed: Parsed, ctx: Context) -> None:
    # docker checks this in the client before it creates anything.
    if parsed.get("tty") is True and parsed.get("interactive") is True and not ctx.stdin_tty:
        raise DockerError("the input device is not a TTY", 1)


def translate_exec(parsed: Parsed, ctx: Context) -> Plan:
    """docker exec; nerdctl's lost exit code is recovered by the restatement."""
    _check_tty(parsed, ctx)
    if parsed.get("detach") is True and (parsed.get("interactive") or parsed.get("tty")):
        raise unsupported_value("exec --detach together with --interactive or --tty", NAME)
    container, *command = parsed.args
    return _plan(parsed, ctx, [*base(ctx), "exec", *flag_args(parsed), container, *command])


def translate_stop(parsed: Parsed, ctx: Context) -> Plan:
    """`--timeout` is nerdctl's `--time` (the spec renames it)."""
    return _plan(parsed, ctx, [*base(ctx), "stop", *flag_args(parsed), *parsed.args])


def translate_save(parsed: Parsed, ctx: Context) -> Plan:
    if not parsed.get("output") and ctx.stdout_tty:
        raise DockerError("Cowardly refusing to save to a terminal. Use the -o flag or redirect", 1)
    return _plan(parsed, ctx, [*base(ctx), "save", *flag_args(parsed), *parsed.args])


TRANSLATE = {
    "pull": translate_pull,
    "images": _simple("images"),
    "tag": _simple("tag"),
    "push": translate_push,
    "save": translate_save,
    "load": translate_load,
    "rmi": translate_rmi,
    "run": translate_run,
    "ps": _simple("ps"),
    "stop": translate_stop,
    "rm": translate_rm,
    "exec": translate_exec,
    "logs": _simple("logs"),
}


def translate(parsed: Parsed, ctx: Context) -> Plan:
    """The plan for one parsed docker command."""
    return TRANSLATE[parsed.command.name](parsed, ctx)  # type: ignore[operator]
