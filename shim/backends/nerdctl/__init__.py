"""The nerdctl backend: pure translation of parsed docker options into plans that run nerdctl.

Every flag of the spec is handled by its ``nerdctl`` field: passed as `--long=value`, renamed, refused
with docker's flag error, accepted as docker's own no-op, or emulated by the verb modules:
images (pull tag save load), push, rmi, containers (stop rm exec logs), run, lists (ps images).
No process runs here; ``shim/execute.py`` runs the plans, and tests call these functions directly.
"""

from __future__ import annotations

from shim.backends.nerdctl.common import refuse_unsupported

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Plan, Result

# verb → (module of this package, function): only the verb's own module is imported, at start-up.
TRANSLATE = {
    "pull": ("images", "translate_pull"),
    "images": ("lists", "translate_images"),
    "tag": ("images", "translate_tag"),
    "push": ("push", "translate_push"),
    "save": ("images", "translate_save"),
    "load": ("images", "translate_load"),
    "rmi": ("rmi", "translate_rmi"),
    "run": ("run", "translate_run"),
    "ps": ("lists", "translate_ps"),
    "stop": ("containers", "translate_stop"),
    "rm": ("containers", "translate_rm"),
    "exec": ("containers", "translate_exec"),
    "logs": ("containers", "translate_logs"),
    "inspect": ("inspect", "translate_inspect"),
    "container inspect": ("inspect", "translate_inspect"),
    "image inspect": ("inspect", "translate_inspect"),
    "history": ("history", "translate_history"),
    "import": ("image_import", "translate_import"),
    "image prune": ("image_prune", "translate_image_prune"),
    "container prune": ("container_prune", "translate_container_prune"),
    "update": ("update", "translate_update"),
    "container update": ("update", "translate_update"),
    "build": ("build", "translate_build"),
    "builder prune": ("builder", "translate_builder_prune"),
    "buildx prune": ("builder", "translate_builder_prune"),
    "buildx ls": ("builder", "translate_buildx_ls"),
    "buildx inspect": ("builder", "translate_buildx_inspect"),
    "buildx version": ("builder", "translate_buildx_version"),
    "version": ("system", "translate_version"),
    "info": ("system", "translate_info"),
    "create": ("create", "translate_create"),
    "system df": ("system_df", "translate_system_df"),
    "system prune": ("system_prune", "translate_system_prune"),
    "start": ("lifecycle", "translate_start"),
    "attach": ("lifecycle", "translate_attach"),
    "top": ("top", "translate_top"),
    "rename": ("rename", "translate_rename"),
    "commit": ("commit", "translate_commit"),
    "export": ("export", "translate_export"),
    "volume ls": ("volumes", "translate_volume_ls"),
    "volume inspect": ("volumes", "translate_volume_inspect"),
    "volume create": ("volumes", "translate_volume_create"),
    "volume rm": ("volumes", "translate_volume_rm"),
    "volume prune": ("volumes", "translate_volume_prune"),
    "network ls": ("networks", "translate_network_ls"),
    "network inspect": ("networks", "translate_network_inspect"),
    "network create": ("networks", "translate_network_create"),
    "network rm": ("networks", "translate_network_rm"),
    "network prune": ("networks", "translate_network_prune"),
    "network connect": ("network_attach", "translate_network_connect"),
    "network disconnect": ("network_attach", "translate_network_disconnect"),
}


def translate(parsed: Parsed, ctx: Context) -> Plan | Done:
    """The plan for one parsed docker command: its own translation where it has one, else docker's other
    commands' (passthrough.py: nerdctl's command of the same words, flags per support.py)."""
    refuse_unsupported(parsed, remote=ctx.remote is not None)
    from shim.backends.nerdctl import errors

    errors.given_address = ctx.address  # the socket a lost connection is reported on
    module, function = TRANSLATE.get(parsed.command.name, ("passthrough", "translate_other"))
    verb_module = __import__(f"shim.backends.nerdctl.{module}", fromlist=[function])
    return getattr(verb_module, function)(parsed, ctx)


# The rest of the backend contract (shim/backends/__init__.py).
EXECUTABLE = "nerdctl"


def refuse_lacking(path: str) -> None:
    from shim.backends.nerdctl import passthrough

    passthrough.refuse_lacking(path)


def restate(result: Result, verb: str, path: str) -> Done:
    from shim.backends.nerdctl import errors

    return errors.restate(result, verb=verb, path=path)


def name_lookup(namespace: str) -> object:
    from shim.backends.nerdctl.names import Lookup

    return Lookup(namespace)


def support(command: str, flag: str) -> tuple[str, str]:
    """How this backend handles docker's `--flag` of `command` ("" for docker's global flags), and why."""
    from shim.backends.nerdctl.support import handling

    return handling(command, flag)


def other_command(path: str) -> tuple[str, ...]:
    """The nerdctl command one of docker's other command paths runs as; () where nerdctl lacks it."""
    from shim.backends.nerdctl.support import other_command as command

    return command(path)


def lacking_reason(path: str) -> str:
    """Why nerdctl lacks the command ("" where it has it)."""
    from shim.backends.nerdctl.support import LACKING, WHY

    return WHY.get(LACKING.get(path, ""), "")


def describe() -> dict[str, str]:
    """For `doctor`: what drives containerd, and what else it needs."""
    return {"name": "nerdctl", "executable": EXECUTABLE, "needs": "containerd, runc, CNI plugins",
            "reference": "nerdctl drives containerd"}


def translate_compose(project: object, root: dict[str, object], parsed: Parsed, ctx: Context) -> Plan | Done:
    """`docker compose SUBCOMMAND` on nerdctl's compose (compose.py)."""
    from shim.backends.nerdctl.compose import translate

    return translate(project, root, parsed, ctx)  # type: ignore[arg-type]


def compose_support(command: str, flag: str) -> tuple[str, str]:
    """How nerdctl's compose handles docker compose's `--flag` of `command` ("" for compose's own), and why."""
    from shim.backends.nerdctl.compose import handling

    return handling(command, flag)


def compose_lacking(name: str) -> str:
    """Why nerdctl's compose lacks docker compose's `name` command ("" where it has it)."""
    from shim.backends.nerdctl.compose import LACKING

    return LACKING.get(name, "")
