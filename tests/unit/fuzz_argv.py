"""Generated docker command lines for the fuzz tests (tests/unit/test_fuzz_argv.py; issue #14).

Generation works at the argv level and is cheap by design (one seeded `random.Random` per example draws the path,
the terminal and the line: a hypothesis draw per word cost 3 ms an example): each example picks a command path, a handful of
that command's flags in pflag's spellings (`--f=v`, `--f v`, `-fv`, `-f v`, bundles), values that are either
well-formed for the flag's kind or hostile (blanks, quotes, `$()`, `;`, newlines, leading dashes, non-UTF-8
bytes as Python receives them: surrogateescape'd str), and positionals of the same kinds. NUL never occurs:
no argv can carry one.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from random import Random

    from shim.spec import Command, Flag

# Hostile pieces: shell syntax (which must stay inert), pflag syntax, Go number and size syntax, docker's
# name, port, size and reference rules, and bytes no UTF-8 decoder accepts (argv as Python sees them).
PIECES = (
    " ", "  ", "'", '"', "\\", "$(id)", "`id`", "$HOME", ";", "; rm -rf /", "&&", "|", ">", "<", "*", "?", "~",
    "\n", "\r\n", "\t", "=", "==", ":", "::", ",", "@", "#", "%", "{{.ID}}", "{{", "/", "../", "-", "--", "---",
    "-e", "--rm", "-it", "--help", "-h", "0", "010", "08", "0x1f", "0b11", "0o7", "1_000", "-1", "+1", "99999",
    "65536", "9223372036854775808", "1.5", "12x", "1m", "1g", "1GiB", "1h", "x", "a", "busybox", "UPPER",
    "bad name!", "a:b", "a=b", "80:80", "127.0.0.1:8080:80/tcp", "sha256:", "a" * 300, "\udcff", "\udc80\udcfe",
    "é", "\u202e", "\uff10", "\u0663",  # RTL override, a full-width 0, an Arabic-Indic 3
    "\x7f", "\x01", "sh", "-c", "true",
)
# A flag value that a command takes as given, by the kind docker's help shows.
WELL_FORMED = {
    "int": ("1", "0", "010", "0x10", "-1"), "int64": ("1", "0", "-1"), "uint": ("1", "0", "07"),
    "uint16": ("10", "0"), "uint32": ("1",), "uint64": ("1",), "bytes": ("1m", "512k", "1024", "1.5g"),
    "duration": ("1s", "1m30s", "0", "-1s"), "decimal": ("1.5", "1", "3/2"), "float": ("0.5", "1"),
    "filter": ("name=x", "label=a=b", "status=running", "dangling=true", "reference=busybox"),
    "string": ("x", "busybox", "json", "{{.ID}}", "table {{.Names}}"),
}



def text(rnd: Random) -> str:
    """A hostile word: up to three pieces glued together, a few arbitrary code points (never NUL, nor a surrogate,
    which argv cannot give), or a few arbitrary bytes as Python decodes argv (surrogateescape: \\udc80-\\udcff)."""
    way = rnd.random()
    if way < 0.6:
        return "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 3)))
    if way < 0.8:
        return "".join(chr(rnd.choice((rnd.randint(1, 0x7f), rnd.randint(0x80, 0xD7FF), rnd.randint(0xE000, 0x10FFFF))))
                       for _ in range(rnd.randint(0, 6)))
    return bytes(rnd.randint(1, 255) for _ in range(rnd.randint(1, 4))).decode("utf-8", "surrogateescape")


def value_for(rnd: Random, flag: Flag) -> str:
    """A value for one flag: well-formed for its kind half the time, hostile otherwise."""
    if rnd.random() < 0.5:
        return rnd.choice(WELL_FORMED.get(flag.kind, ("a=b", "x", "1")))
    return text(rnd)


def flag_tokens(rnd: Random, command: Command) -> list[str]:
    """One flag of the command in one of pflag's spellings (`--f=v`, `--f v`, `-fv`, `-f v`), or an unknown one."""
    if not command.flags or rnd.random() < 0.06:
        return [rnd.choice(("--nosuch", "-Z", "--", "-", "---x", "--=x", "-="))]
    flag = rnd.choice(command.flags)
    way = rnd.randint(0, 3)
    if not flag.takes_value:
        if way == 1:
            return [f"--{flag.long}={rnd.choice(('true', 'false', '0', 'maybe', ''))}"]
        return [f"-{flag.short}" if way == 2 and flag.short else f"--{flag.long}"]
    value = value_for(rnd, flag)
    if way == 0:
        return [f"--{flag.long}={value}"]
    if way == 1 or not flag.short:
        return [f"--{flag.long}", value]
    return [f"-{flag.short}{value}"] if way == 2 else [f"-{flag.short}", value]


POSITIONALS = ("busybox", "c1", "127.0.0.1:5000/x:1", "busybox@sha256:" + "a" * 64, "-", ".")


def command_line(rnd: Random, command: Command) -> list[str]:
    """The arguments after a command path: flags and hostile words in any order, sometimes a name, then a few
    more words (for run/exec: the container's command)."""
    argv: list[str] = []
    for _ in range(rnd.randint(0, 5)):
        if rnd.random() < 0.2:
            argv.append(text(rnd))
        else:
            argv.extend(flag_tokens(rnd, command))
    if rnd.random() < 0.5:
        argv.append(rnd.choice(POSITIONALS))
    argv.extend(text(rnd) for _ in range(rnd.randint(0, 4)))
    return argv
