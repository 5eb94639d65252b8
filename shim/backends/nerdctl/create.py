"""docker create → nerdctl create, the way `run` goes (run.py): docker's client checks, an image ID looked
up (nerdctl would take it for a name on Docker Hub), docker's pull of a missing image ("Unable to find
image … locally"), the lookups -P and --link need, pydock's labels, and a `--` after IMAGE kept for the
container. What differs: nerdctl's `create`, no attaching, and a health check's keeper starts with the
container's ID (it waits for `start`)."""

from __future__ import annotations

from shim.backends.nerdctl.common import base, content_trust, payload, plan
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result


def translate_create(parsed: Parsed, ctx: Context) -> Plan | Done:
    from shim.backends.nerdctl import run
    from shim.backends.nerdctl.image_ids import resolved
    from shim.client_checks import check_run

    content_trust(parsed)
    env_files = [f"--env={entry}" for entry in check_run(parsed)]  # before -e, which overrides them
    known = [*env_files, *run.checked(parsed)]
    return resolved(parsed, ctx, [parsed.args[0]],
                    lambda found: run.pull_then_run(parsed, ctx, found[0], known, make=_create_plan))


def _create_plan(parsed: Parsed, ctx: Context, image: str, extra: list[str]) -> Plan:
    from shim.backends.nerdctl import run

    rm = ["--rm"] if parsed.get("rm") is True else []  # run emulates --rm; create passes it on
    remote = ctx.remote is not None
    argv = [*base(ctx), "create", *run.container_flags(parsed, extra, remote=remote), *run.labels(parsed), *rm, image,
            *payload(parsed.args[1:])]
    from shim.backends.nerdctl import health_keeper

    written = remote and parsed.text("cidfile")  # over ssh nerdctl's --cidfile would write on the remote: pydock
    if not health_keeper.wants_keeper(parsed):  # writes it, with the ID printed
        if written:
            return plan(parsed, ctx, argv, mode=CAPTURE,
                        then=lambda r: Done(0, run._id_written(r, parsed.text("cidfile")).stdout.decode()))
        return plan(parsed, ctx, argv)

    def keep_health(result: Result) -> Plan | Done:
        out = (run._id_written(result, parsed.text("cidfile")) if written else result).stdout.decode()
        return health_keeper.then_keep(health_keeper.interval_seconds(parsed), base(ctx), out.strip().splitlines()[-1],
                                       Done(0, out))
    return plan(parsed, ctx, argv, mode=CAPTURE, then=keep_health)
