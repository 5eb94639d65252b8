"""Help text in docker's layout, generated from the spec (cold path: only `--help` loads it)."""

from __future__ import annotations

import os

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


def _wrap_n(width: int, slop: int, text: str) -> tuple[str, str]:
    """pflag's wrapN: cut at the last blank before width, unless the rest fits within the slop."""
    if width + slop > len(text):
        return text, ""
    cut = max(text.rfind(" ", 0, width), text.rfind("\t", 0, width), text.rfind("\n", 0, width))
    if cut <= 0:
        return text, ""
    newline = text.rfind("\n", 0, width)
    if 0 < newline < cut:
        return text[:newline], text[newline + 1:]
    return text[:cut], text[cut + 1:]


def wrap(indent: int, width: int, text: str) -> str:
    """pflag's wrap: the help column of FlagUsagesWrapped, so help reads exactly like docker's."""
    pad = "\n" + " " * indent
    room = width - indent
    prefix = ""
    if room < 24:  # too narrow: pflag moves the text to its own block
        indent, room, prefix = 16, width - 16, "\n" + " " * 16
        pad = "\n" + " " * indent
    if room < 24:
        return text.replace("\n", prefix)
    slop = 5
    room -= slop
    line, text = _wrap_n(room, slop, text)
    out = prefix + line.replace("\n", pad)
    while text:
        line, text = _wrap_n(room, slop, text)
        out += pad + line.replace("\n", pad)
    return out


def options_block(flags: tuple[Flag, ...] | list[Flag], width: int) -> list[str]:
    """cobra's two-column flag list: names, then help wrapped in the second column."""
    shown = [f for f in flags if not f.hidden]
    left = [_flag_left(f) for f in shown]
    col = max((len(x) for x in left), default=0) + 3
    # docker hands pflag the terminal width minus one (80 when output is not a terminal).
    return [name.ljust(col) + wrap(col, width - 1, _flag_help(flag)) for name, flag in
            zip(left, shown, strict=True)]


def show_command(command: Command, path: str, out: TextIO) -> int:
    width = _width()
    aliases = ", ".join(f"docker {a}" for a in command.aliases)
    lines = [f"Usage:  docker {path} {command.usage}".rstrip(), "", command.summary, ""]
    if aliases:
        lines += ["Aliases:", f"  {aliases}"]
    flags = list(command.flags)
    if command.short_flag("h"):
        # `run -h` is --hostname, so cobra lists its long-only --help among the options.
        from shim.spec import Flag

        flags = sorted([*flags, Flag("help", help="Print usage")], key=lambda f: f.long)
    if flags:
        lines += ["", "Options:", *options_block(flags, width)]
    out.write("\n".join(lines) + "\n")
    return 0


def _verb_summaries() -> list[tuple[str, str]]:
    return [(v, spec.get(v).summary) for v in spec.VERBS]


def show_group(group: str, out: TextIO) -> int:
    title = {"container": "Manage containers", "image": "Manage images"}[group]
    rows = sorted((path.split(" ", 1)[1], spec.get(module).summary)
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
