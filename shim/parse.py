"""A pflag-compatible parser: docker's command-line rules, not click's.

Rules (spf13/pflag as docker/cli configures it): bundled shorts `-it`; attached values `-p8080:80`,
`-eA=b`, `-p=80:80`; `--flag=value` and `--flag value`; booleans `--rm`, `--rm=false`, `-d=false`;
repeated flags accumulate; `--` ends the flags; `run`/`exec` stop at the first positional so that
everything after IMAGE / CONTAINER reaches the container untouched. Hot path: stdlib only, no `re`.
"""

from __future__ import annotations

from shim import values as check
from shim.errors import DockerError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.spec import Command, Flag


class Parsed:
    """The result of parsing one docker command line."""

    __slots__ = ("command", "path", "values", "args", "help", "warnings")

    def __init__(self, command: Command, path: str) -> None:
        self.command = command
        self.path = path  # canonical command path for messages: "ps", "container ls", …
        # flag long name → bool | str | int | values.Duration | values.NanoCPUs | list of those | dict (a map
        # flag: --sysctl, --annotation) (shim/values.py)
        self.values: dict[str, object] = {}
        self.args: list[str] = []
        self.help = False
        self.warnings: list[str] = []  # docker's deprecation notices, printed to stdout like pflag

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)

    def text(self, name: str, default: str = "") -> str:
        """A string flag's value, or `default` when it is not given or empty."""
        value = self.values.get(name)
        return value if isinstance(value, str) and value else default

    def __repr__(self) -> str:
        return f"Parsed({self.path!r}, {self.values!r}, {self.args!r})"


HELP_NOTICE = "Flag shorthand -h has been deprecated, use --help"
# where _parse_shorts notes a `-h` met inside a bundle (`-qh`), for parse_flags to take out
HELP_IN_BUNDLE = "\0help"


class FlagSyntaxError(Exception):
    """A pflag error message, before it is dressed as docker's flag error."""


def _help_flag() -> Flag:
    from shim.spec import Flag

    return Flag("help")


def _set(flag: Flag, raw: str | None, store: dict[str, object], warnings: list[str]) -> None:
    """Record one occurrence of a flag; raw is None for a bare boolean."""
    if flag.deprecated:
        warnings.append(f"Flag --{flag.long} has been deprecated, {flag.deprecated}")
    if not flag.takes_value:
        if raw is None:
            store[flag.long] = True
            return
        ok = check.parse_bool(raw)
        if ok is None:
            raise FlagSyntaxError(f'invalid argument {check.go_quote(raw)} for "{flag.display}" flag: '
                                  f"strconv.ParseBool: parsing {check.go_quote(raw)}: invalid syntax")
        store[flag.long] = ok
        return
    assert raw is not None
    value = _typed(flag, raw)
    if flag.kind == "stringToString":
        _merge_pairs(flag, raw, store)
        return
    if flag.kind == "map":  # docker's MapOpts: KEY=VALUE pairs, a later KEY wins
        key, _, item = raw.partition("=")
        found = store.get(flag.long)
        if isinstance(found, dict):
            found[key] = item
        else:
            store[flag.long] = {key: item}
        return
    if flag.repeatable:
        existing = store.get(flag.long)
        if isinstance(existing, list):
            existing.append(value)
        else:
            store[flag.long] = [value]
    else:
        store[flag.long] = value


def _merge_pairs(flag: Flag, raw: str, store: dict[str, object]) -> None:
    """pflag's stringToString: KEY=VALUE pairs merged over repeats (`context create --docker`)."""
    from shim.string_pairs import string_to_string

    try:
        pairs = string_to_string(raw)
    except ValueError as e:
        raise FlagSyntaxError(f'invalid argument {check.go_quote(raw)} for "{flag.display}" flag: {e}') from None
    found = store.get(flag.long)
    store[flag.long] = {**found, **pairs} if isinstance(found, dict) else pairs


def _typed(flag: Flag, raw: str) -> object:
    """A flag's value as docker checks and types it: once, here (an int is an int from now on)."""
    if flag.secret:  # masked wherever pydock shows it from now on
        from shim import redact

        redact.keep(raw)
    problem = check.value_problem(flag.kind, raw, flag.long)
    if problem:
        raise FlagSyntaxError(f'invalid argument {check.go_quote(raw)} for "{flag.display}" flag: {problem}')
    return check.typed(flag.kind, raw, flag.long)


def _parse_long(arg: str, rest: list[str], command: Command, store: dict[str, object],
                warnings: list[str]) -> int:
    """Parse `--name[=value]`; returns how many following arguments it consumed."""
    name, eq, value = arg[2:].partition("=")
    if arg[2] in "-=":  # pflag: `---x`, `--=x`
        raise FlagSyntaxError(f"bad flag syntax: {arg}")
    flag = command.long_flag(name)
    if flag is None:
        raise FlagSyntaxError(f"unknown flag: --{name}")
    if eq:
        _set(flag, value, store, warnings)
        return 0
    if not flag.takes_value:
        _set(flag, None, store, warnings)
        return 0
    if not rest:
        raise FlagSyntaxError(f"flag needs an argument: --{name}")
    _set(flag, rest[0], store, warnings)
    return 1


def _parse_shorts(arg: str, rest: list[str], command: Command, store: dict[str, object],
                  warnings: list[str]) -> int:
    """Parse a bundle like `-it`, `-p80:80`, `-d=false`; returns arguments consumed."""
    shorts = arg[1:]
    while shorts:
        char = shorts[0]
        flag = command.short_flag(char)
        if flag is None and char == "h":  # cobra's -h, deprecated, in a bundle: help, and the bundle goes on
            warnings.append(HELP_NOTICE)
            store[HELP_IN_BUNDLE] = True
            shorts = shorts[1:]
            continue
        if flag is None:
            # pflag names the remaining bundle: `-itz` → 'z' in -z, `-zit` → 'z' in -zit.
            # pflag reads bytes: it names the bundle's first byte, quoted as Go quotes that code point ('Ã' for é)
            first = char.encode("utf-8", "surrogateescape")[0]
            raise FlagSyntaxError(f"unknown shorthand flag: {check.go_quote_rune(chr(first))} in -{shorts}")
        if len(shorts) > 2 and shorts[1] == "=":  # pflag: `-p=` is the value "="
            _set(flag, shorts[2:], store, warnings)
            return 0
        if not flag.takes_value:
            _set(flag, None, store, warnings)
            shorts = shorts[1:]
            continue
        if len(shorts) > 1:
            _set(flag, shorts[1:], store, warnings)
            return 0
        if not rest:
            raise FlagSyntaxError(f"flag needs an argument: '{char}' in -{char}")
        _set(flag, rest[0], store, warnings)
        return 1
    return 0


def parse_flags(argv: list[str], command: Command, store: dict[str, object],
                warnings: list[str]) -> tuple[list[str], bool]:
    """Split argv into flags (recorded in store) and positionals, the pflag way.

    Returns (positionals, help_requested). `--help` anywhere among the flags asks for help, and so
    does `-h` where the command does not define it (docker marks that shorthand deprecated).
    """
    positionals: list[str] = []
    help_requested = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            positionals.extend(argv[i:])
            break
        if arg == "--help" or (arg == "-h" and command.short_flag("h") is None):
            if arg == "-h":
                warnings.append(HELP_NOTICE)
            help_requested = True
            continue
        if arg.startswith("--") and len(arg) > 2:
            if arg.startswith("--help="):
                asked = {}
                _set(_help_flag(), arg[7:], asked, warnings)  # a value that is no boolean is pflag's error
                help_requested = asked["help"] is True
                continue
            i += _parse_long(arg, argv[i:], command, store, warnings)
        elif arg.startswith("-") and len(arg) > 1:
            i += _parse_shorts(arg, argv[i:], command, store, warnings)
        else:
            positionals.append(arg)
            if not command.interspersed:
                positionals.extend(argv[i:])
                break
    if store.pop(HELP_IN_BUNDLE, False):
        help_requested = True
    return positionals, help_requested


def check_args(parsed: Parsed) -> None:
    """Apply docker's positional-argument rule for the command."""
    from shim.errors import args_error

    rule = parsed.command.args
    n = len(parsed.args)
    kind = rule[0]
    bad = ((kind == "none" and n > 0) or (kind in ("exact", "cobra-exact") and n != rule[1])
           or (kind == "min" and n < rule[1]) or (kind == "max" and n > rule[1])
           or (kind == "range" and not rule[1] <= n <= rule[2]))
    if bad:
        raise args_error(parsed.path, parsed.command.usage, rule, n)


def parse_command(argv: list[str], command: Command, path: str) -> Parsed:
    """Parse the arguments that follow a command path, raising docker's errors."""
    from shim.errors import flag_error

    parsed = Parsed(command, path)
    try:
        parsed.args, parsed.help = parse_flags(argv, command, parsed.values, parsed.warnings)
        if not parsed.help:
            check_args(parsed)
    except FlagSyntaxError as e:
        raise _after_warnings(flag_error(str(e), path, command.usage), parsed.warnings) from None
    except DockerError as e:
        raise _after_warnings(e, parsed.warnings) from None
    return parsed


def _after_warnings(error: DockerError, warnings: list[str]) -> DockerError:
    # pflag prints a deprecation notice (on stdout) as it meets the flag, before any later error; -h's shows only
    # with the help it asks for.
    error.notices = [w for w in warnings if w != HELP_NOTICE]
    return error


__all__ = ["DockerError", "FlagSyntaxError", "Parsed", "parse_command", "parse_flags"]
