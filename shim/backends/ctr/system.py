"""docker version on ctr: `ctr version`'s client and server sections as the neutral facts shim/output/system.py
shapes (the engine is containerd; ctr is a component beside it)."""

from __future__ import annotations

from shim.backends.ctr.common import base, plan
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result


def sections(text: str) -> dict[str, dict[str, str]]:
    """`ctr version`'s output: {"Client": {"Version": …, "Revision": …}, "Server": {…}}."""
    out: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith(" ") and line.endswith(":"):
            current = out.setdefault(line[:-1], {})
        elif ":" in line:
            key, _, value = line.strip().partition(":")
            current[key] = value.strip()
    return out


def server_facts(found: dict[str, dict[str, str]]) -> dict:
    server, client = found.get("Server") or {}, found.get("Client") or {}
    return {"version": server.get("Version", ""), "git_commit": server.get("Revision", ""),
            "components": [("containerd", server.get("Version", ""), {"GitCommit": server.get("Revision", "")}),
                           ("ctr", client.get("Version", ""), {"GitCommit": client.get("Revision", "")})],
            "platform": "containerd (pydock, ctr)"}


def format_template(parsed: Parsed, name: str) -> object:
    """`--format`'s template (`json` is docker's `{{json .}}`); None without one."""
    from shim.output.formatting import parse_object_template

    fmt = parsed.text("format")
    return parse_object_template("{{json .}}" if fmt == "json" else fmt, name=name) if fmt else None


def translate_version(parsed: Parsed, ctx: Context) -> Plan:
    template = format_template(parsed, "version")
    return plan([*base(ctx), "version"], ctx, mode=CAPTURE, always_then=True,
                then=lambda result: _show(template, result, ctx))


def _show(template: object, result: Result, ctx: Context) -> Done:
    from shim.backends.ctr.common import daemon_failure, messages, unreachable
    from shim.output import system
    from shim.output.formatting import render_each

    found = sections(result.stdout.decode("utf-8", "replace"))
    failed = result.code != 0 or "Server" not in found
    data = system.version(None if failed else server_facts(found))
    out, problem = (system.version_text(data), "") if template is None else render_each(template, [data],
                                                                                        name="version")
    if failed:  # docker prints the client part, then the error
        said = " ".join(messages(result))
        lost = "socket" in said or "dial" in said or "connection" in said
        error = unreachable(ctx) + "\n" if lost else daemon_failure(result).stderr
        return Done(1, out, error)
    return Done(1 if problem else 0, out, problem + "\n" if problem else "")
