"""Help text in docker's layout, generated from the spec (cold path: only `--help` loads it)."""

from __future__ import annotations

import os
import textwrap

from shim import spec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from shim.spec import Command, Flag


def _width() -> int:
    # docker wraps its help to the terminal, and to 80 columns when output is not a terminal.
    try:
        return max(os.get_terminal_size(1).columns, 40) if os.isatty(1) else 80
    except OSError:
        return 80


def _flag_left(flag: Flag) -> str:
    short = f"-{flag.short}, " if flag.short else "    "
    kind = "" if flag.kind == "bool" else f" {flag.kind}"
    return f"  {short}--{flag.long}{kind}"


def _flag_help(flag: Flag) -> str:
    text = flag.help
    if flag.default and flag.kind != "bool":
        text += f' (default "{flag.default}")' if flag.kind == "string" else f" (default {flag.default})"
    elif flag.default == "true":
        text += " (default true)"
    return text


def options_block(flags: tuple[Flag, ...] | list[Flag], width: int) -> list[str]:
    """cobra's two-column flag list: names, then help wrapped in the second column."""
    shown = [f for f in flags if not f.hidden]
    left = [_flag_left(f) for f in shown]
    col = max((len(x) for x in left), default=0) + 3
    lines: list[str] = []
    for name, flag in zip(left, shown, strict=True):
        body: list[str] = []
        for para in _flag_help(flag).split("\n"):
            body += textwrap.wrap(para, max(width - col, 20)) or [""]
        lines.append(name.ljust(col) + (body[0] if body else ""))
        lines += [" " * col + b for b in body[1:]]
    return lines


def show_command(command: Command, path: str, out: TextIO) -> int:
    width = _width()
    aliases = ", ".join(f"docker {a}" for a in command.aliases)
    lines = [f"Usage:  docker {path} {command.usage}".rstrip(), "", command.summary, ""]
    if aliases:
        lines += ["Aliases:", f"  {aliases}", ""]
    if command.flags:
        lines += ["Options:", *options_block(command.flags, width), ""]
    out.write("\n".join(lines))
    return 0


def _verb_summaries() -> list[tuple[str, str]]:
    return [(v, spec.load(v).summary) for v in spec.VERBS]


def show_group(group: str, out: TextIO) -> int:
    title = {"container": "Manage containers", "image": "Manage images"}[group]
    rows = sorted((path.split(" ", 1)[1], spec.load(module).summary)
                  for path, (module, canonical) in spec.PATHS.items()
                  if path.startswith(group + " ") and path == canonical)
    lines = [f"Usage:  docker {group} COMMAND", "", title, "", "Commands:"]
    lines += [f"  {name:<11} {summary}" for name, summary in rows]
    lines += ["", f"Run 'docker {group} COMMAND --help' for more information on a command.", ""]
    out.write("\n".join(lines))
    return 0


def show_root(out: TextIO) -> int:
    from shim.spec import globals as global_spec

    width = _width()
    lines = ["Usage:  docker [OPTIONS] COMMAND", "",
             "A docker-compatible command line for containerd (pydock)", "", "Commands:"]
    lines += [f"  {verb:<11} {summary}" for verb, summary in _verb_summaries()]
    lines += ["", "Management Commands:", "  container   Manage containers", "  image       Manage images",
              "", "Global Options:", *options_block(global_spec.COMMAND.flags, width), "",
              "Run 'docker COMMAND --help' for more information on a command.", ""]
    out.write("\n".join(lines))
    return 0
