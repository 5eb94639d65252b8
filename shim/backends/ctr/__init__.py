"""The ctr backend: docker's verbs on a node that has containerd and its `ctr` only (a Kubernetes node).

ctr is containerd's own client. Images go through `ctr images` (pull, tag, rm, push, export, import);
listings read containerd's API directly (state.py), as ctr itself would; docker's output comes from the
shared renderers of shim/output. What ctr cannot express, and what is not translated yet, is refused in
docker's voice naming the backend (support.py), never run half-understood. No process runs here.
"""

from __future__ import annotations

from shim.backends.ctr.common import NAME, refuse_unsupported
from shim.errors import EXIT_GENERAL, DockerError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Plan, Result

EXECUTABLE = "ctr"
# docker verb → (module of this package, function)
TRANSLATE = {
    "images": ("images", "translate_images"),
    "pull": ("images", "translate_pull"),
    "tag": ("images", "translate_tag"),
    "rmi": ("images", "translate_rmi"),
    "push": ("images", "translate_push"),
    "save": ("images", "translate_save"),
    "load": ("images", "translate_load"),
    "ps": ("listing", "translate_ps"),
    "run": ("run", "translate_run"),
    "stop": ("containers", "translate_stop"),
    "rm": ("containers", "translate_rm"),
    "exec": ("containers", "translate_exec"),
    "kill": ("containers", "translate_kill"),
    "logs": ("logs", "translate_logs"),
    "version": ("system", "translate_version"),
    "create": ("run", "translate_run"),
    "start": ("lifecycle", "translate_start"),
    "pause": ("lifecycle", "translate_pause"),
    "unpause": ("lifecycle", "translate_unpause"),
    "inspect": ("inspect", "translate_inspect"),
    "container inspect": ("inspect", "translate_inspect"),
    "image inspect": ("inspect", "translate_inspect"),
    "info": ("info", "translate_info"),
    "port": ("ports", "translate_port"),
    "container port": ("ports", "translate_port"),
}


def translate(parsed: Parsed, ctx: Context) -> Plan | Done:
    """The plan for one parsed docker command, or docker's refusal naming this backend."""
    found = TRANSLATE.get(parsed.command.name)
    if found is None:
        refuse_lacking(parsed.command.name)
        raise AssertionError(parsed.command.name)  # refuse_lacking refuses whatever is not in TRANSLATE
    refuse_unsupported(parsed)
    module, function = found
    verb_module = __import__(f"shim.backends.ctr.{module}", fromlist=[function])
    return getattr(verb_module, function)(parsed, ctx)


def refuse_lacking(path: str) -> None:
    """docker's kind of error for a command this backend does not do, exit 1 as docker's client errors."""
    from shim.backends.ctr.support import lacking

    why = lacking(path) if path not in TRANSLATE else ""
    if why:
        raise DockerError(f"docker: 'docker {path}' is not supported by pydock's {NAME} backend: {why}",
                          EXIT_GENERAL)


def restate(result: Result, verb: str, path: str) -> Done:
    from shim.backends.ctr.common import daemon_failure

    return daemon_failure(result)


class _Names:
    """Names for shell completion: the images' short names, the containers' names."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def names(self, kind: str) -> list[str]:
        import os

        from shim import reference
        from shim.backends.ctr import state
        from shim.backends.ctr.common import DEFAULT_ADDRESS

        where = os.environ.get("CONTAINERD_ADDRESS") or DEFAULT_ADDRESS
        try:
            if kind == "image":
                return [reference.familiar(i["Name"]) for i in state.images(where, self.namespace)]
            if kind == "container":
                from shim.backends.ctr.listing import container_records

                return [c.labels.get("nerdctl/name") or c.id for c in container_records(where, self.namespace)[0]]
        except Exception:  # noqa: BLE001 - completion offers nothing rather than fail
            return []
        return []


def name_lookup(namespace: str) -> object:
    return _Names(namespace)


def support(command: str, flag: str) -> tuple[str, str]:
    """How this backend handles docker's `--flag` of `command` ("" for docker's global flags), and why."""
    from shim.backends.ctr.support import handling

    return handling(command, flag)


def other_command(path: str) -> tuple[str, ...]:
    """ctr runs none of docker's other commands as a command of the same words."""
    return ()


def lacking_reason(path: str) -> str:
    from shim.backends.ctr.support import lacking

    return lacking(path)


def describe() -> dict[str, str]:
    """For `doctor`: what drives containerd, and what else it needs."""
    return {"name": NAME, "executable": EXECUTABLE, "needs": "containerd (whose ctr it is), runc",
            "reference": "ctr, containerd's own client, drives containerd"}


def translate_compose(project: object, root: dict[str, object], parsed: Parsed, ctx: Context) -> Plan | Done:
    raise DockerError(f"docker: 'docker compose' is not supported by pydock's {NAME} backend: ctr has no compose",
                      EXIT_GENERAL)


def compose_support(command: str, flag: str) -> tuple[str, str]:
    from shim.backends.handling import REFUSE

    return (REFUSE, "ctr has no compose")


def compose_lacking(name: str) -> str:
    return "ctr has no compose"
