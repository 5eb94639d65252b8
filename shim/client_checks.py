"""docker's client-side checks of `run` / `create` options (and of a few other commands: check_other):
what the docker CLI refuses itself, before it asks the daemon anything, and the few the daemon refuses at
once. Shared by every backend, worded as docker 28.2.2 prints them (on Engine 29 and 20.10 alike), exit 125
(check_other's: 1, as docker's client).

Flag values pflag checks as it parses (`--add-host`, `--ulimit`, `-a`) are in value_problem(); combinations
and files, which docker checks once all flags are read, are in check_run().
"""

from __future__ import annotations

from shim.errors import daemon_error
from shim.values import go_quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed

# go-units' ulimit names (ParseUlimit)
ULIMITS = frozenset({"core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc",
                     "rss", "rtprio", "rttime", "sigpending", "stack"})
MOUNT_TYPES = ("bind", "volume", "tmpfs", "image", "npipe", "cluster")


def value_problem(long: str, raw: str) -> str:
    """pflag's complaint about one value of `--add-host`, `--ulimit` or `-a`, or ""."""
    if long == "add-host":
        return _add_host(raw)
    if long == "ulimit":
        return _ulimit(raw)
    if long == "attach" and raw.lower() not in ("stdin", "stdout", "stderr"):
        return "valid streams are STDIN, STDOUT and STDERR"
    return ""


def _add_host(raw: str) -> str:
    """opts.ValidateExtraHost: `host=ip` or `host:ip`, the IP valid or `host-gateway`."""
    host, sep, address = raw.partition("=")
    if not sep:
        host, sep, address = raw.partition(":")
    if not sep or not host:
        return f"bad format for add-host: {go_quote(raw)}"
    if address == "host-gateway":
        return ""
    import ipaddress

    try:
        bare = address[1:-1] if address[:1] == "[" and address[-1:] == "]" else address
        ipaddress.ip_address(bare.strip())  # ValidateIPAddress trims blanks
    except ValueError:
        return f"invalid IP address in add-host: {go_quote(address)}"
    return ""


def _ulimit(raw: str) -> str:
    """go-units ParseUlimit: `name=soft[:hard]`."""
    name, sep, limits = raw.partition("=")
    if not sep:
        return f"invalid ulimit argument: {raw}"
    if name not in ULIMITS:
        return f"invalid ulimit type: {name}"
    soft_text, colon, hard_text = limits.partition(":")
    values = []
    for text in (soft_text, hard_text) if colon else (soft_text,):
        digits = text[1:] if text[:1] in ("+", "-") else text  # strconv.ParseInt(text, 10, 64): ASCII digits only
        if not digits or not digits.isascii() or not digits.isdigit():
            return f"strconv.ParseInt: parsing {go_quote(text)}: invalid syntax"
        if not -(1 << 63) <= int(text) < 1 << 63:
            return f"strconv.ParseInt: parsing {go_quote(text)}: value out of range"
        values.append(int(text))
    if len(values) == 2 and values[0] > values[1]:
        return f"ulimit soft limit must be less than or equal to hard limit: {values[0]} > {values[1]}"
    return ""


def check_run(parsed: Parsed) -> list[str]:
    """What docker refuses once it has read all of run's (or create's) flags, before the daemon is asked;
    the `KEY=VALUE` entries of the --env-file files, which docker's client reads (shim/envfile.py)."""
    import os

    from shim.reference import problem as reference_problem

    path = parsed.path
    env = _check_options(parsed)
    cidfile = parsed.text("cidfile")
    if cidfile and os.path.exists(cidfile):
        raise daemon_error(f"container ID file found, make sure the other container isn't running or delete "
                           f"{cidfile}", path, run_like=True)
    image = parsed.args[0] if parsed.args else ""
    # reference.ParseAnyReference: a 64-hex image ID is taken as it is
    problem = "" if len(image) == 64 and image.isalnum() and image == image.lower() else reference_problem(image)
    if problem:  # createContainer's error: `run` words it as its own, `create` returns it bare (exit 1)
        raise daemon_error(problem, path, run_like=parsed.command.name == "run")
    runs = parsed.command.name == "run"  # the daemon's refusals: `run` words them as its own, `create` does not
    platform = parsed.text("platform")
    if platform:
        from shim.platforms import problem as platform_problem

        if platform_problem(platform):
            raise daemon_error(f"error parsing specified platform: {platform_problem(platform)}", path,
                               run_like=runs)
    workdir = parsed.text("workdir")
    if workdir and not workdir.startswith("/"):
        raise daemon_error(f"Error response from daemon: the working directory '{workdir}' is invalid, it needs "
                           "to be an absolute path", path, run_like=runs)
    for mount in parsed.get("mount") or []:  # type: ignore[union-attr]
        fields = _mount_fields(str(mount))
        kind = fields.get("type", "")
        if kind and kind not in MOUNT_TYPES:
            raise daemon_error(f'Error response from daemon: invalid mount config for type "{kind}": mount type '
                               "unknown", path, run_like=runs)
        source = fields.get("source", fields.get("src", ""))
        # the daemon's check: unlike -v, --mount never creates a missing host path
        if kind == "bind" and source and not os.path.exists(source):
            raise daemon_error(f'Error response from daemon: invalid mount config for type "bind": bind source path '
                               f"does not exist: {source}", path, run_like=runs)
    return env


def _check_options(parsed: Parsed) -> list[str]:
    """docker/cli's parse() of run's options, in its order: MAC address, ports, exposed ports, env and label
    files, namespace modes, security options, health checks, --rm with --restart. Returns the env files'
    entries."""
    from shim import option_values
    from shim.exposed import expose_ports, publish_problem

    path = parsed.path
    check_flag_values(parsed)
    mac = parsed.text("mac-address")
    if mac and option_values.mac_problem(mac):
        raise daemon_error(option_values.mac_problem(mac), path, run_like=True)
    for spec in parsed.get("publish") or []:  # type: ignore[union-attr]
        problem = publish_problem(str(spec))
        if problem:
            raise daemon_error(problem, path, run_like=True)
    expose_ports(list(parsed.get("expose") or []), path)  # type: ignore[arg-type]
    env = env_file_entries(parsed, run_like=True)
    check_label_files(parsed)
    for long, *_rest in option_values.MODES:
        problem = option_values.mode_problem(long, parsed.text(long))
        if problem:
            raise daemon_error(problem, path, run_like=True)
    for opt in parsed.get("security-opt") or []:  # type: ignore[union-attr]
        problem = option_values.security_opt_problem(str(opt))
        if problem:
            raise daemon_error(problem, path, run_like=True)
    problem = option_values.health_problem(parsed.values)
    if problem:
        raise daemon_error(problem, path, run_like=True)
    if parsed.get("rm") is True and parsed.text("restart", "no") not in ("no", ""):
        raise daemon_error("conflicting options: cannot specify both --restart and --rm", path, run_like=True)
    return env


def check_flag_values(parsed: Parsed) -> None:
    """The values docker's flags validate as pflag sets them (opts.ValidateLabel, opts.ValidateEnv): docker's flag
    error, exit 125. Checked once parsing is done, on the commands whose docker flags do so."""
    from shim.errors import flag_error

    for long in ("label", "env"):
        flag = parsed.command.long_flag(long)
        for raw in (parsed.get(long) or []) if flag else []:  # type: ignore[union-attr]
            problem = _label_problem(str(raw)) if long == "label" else _env_problem(str(raw))
            if problem:
                raise flag_error(f'invalid argument {go_quote(str(raw))} for "{flag.display}" flag: {problem}',  # type: ignore[union-attr]
                                 parsed.path, parsed.command.usage)


def _label_problem(raw: str) -> str:
    """opts.ValidateLabel: a name before any `=`, without blanks once leading ones are dropped."""
    key = raw.partition("=")[0].lstrip(" \t")
    if not key:
        return f"invalid label '{raw}': empty name"
    if " " in key or "\t" in key:
        return f"label '{key}' contains whitespaces"
    return ""


def _env_problem(raw: str) -> str:
    """opts.ValidateEnv: a name before any `=`."""
    return "" if raw.partition("=")[0] else f"invalid environment variable: {raw}"


def check_label_files(parsed: Parsed) -> list[str]:
    """The --label-file files read as docker's client reads them (env files' rules); docker's error when it
    refuses one. Locally nerdctl is handed the files themselves; the entries (`KEY=VALUE`, a bare KEY as
    `KEY=`: docker's empty label) are for the ssh transport, where the files are not on the remote."""
    files = parsed.get("label-file")
    if not files:
        return []
    from shim.envfile import EnvFileError, read_env_files

    try:
        return read_env_files(list(files), _EveryName())  # type: ignore[arg-type]
    except EnvFileError as e:
        raise daemon_error(str(e), parsed.path, run_like=True) from None


class _EveryName(dict):
    """An environment holding every name, empty: a label file's bare KEY is a label with no value."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> str:
        return ""


def env_file_entries(parsed: Parsed, *, run_like: bool) -> list[str]:
    """The --env-file files' entries, read as docker's client reads them; docker's error when it refuses one."""
    files = parsed.get("env-file")
    if not files:
        return []
    import os

    from shim.envfile import EnvFileError, read_env_files

    try:
        return read_env_files(list(files), os.environ)  # type: ignore[arg-type]
    except EnvFileError as e:
        raise daemon_error(str(e), parsed.path, run_like=run_like) from None


def _mount_fields(text: str) -> dict[str, str]:
    """`--mount`'s type and source as docker's CSV reader sees them (keys in lower case)."""
    fields = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        fields[key.strip().lower()] = value
    return fields


# --- docker's other commands: what the client refuses before it asks the daemon (exit 1) -------------------

def check_other(parsed: Parsed, stdin_tty: bool, config_dir: str) -> None:
    """docker's client-side refusals for the commands beyond run/create, by command."""
    from shim.errors import EXIT_GENERAL, DockerError

    name = parsed.command.name
    if parsed.path in ("volume create", "network create"):
        check_flag_values(parsed)
    if name == "restart":
        check_timeouts(parsed)
    if name == "update" and not parsed.values:
        raise DockerError("you must provide one or more flags when using this command", EXIT_GENERAL)
    if name == "export" and parsed.text("output"):
        _check_output_path(parsed.text("output"), "failed to export container")
    if name == "import" and parsed.args[0] != "-" and "://" not in parsed.args[0]:
        try:  # docker's client opens the archive itself and streams it
            with open(parsed.args[0], "rb"):
                pass
        except IsADirectoryError:  # Go opens a folder; reading it fails later
            pass
        except OSError as e:
            raise DockerError(f"open {parsed.args[0]}: {(e.strerror or '').lower()}", EXIT_GENERAL) from None
    if name == "login":
        _check_login(parsed, stdin_tty, config_dir)


# What docker's client prints (stderr) when it is given a password on its command line.
PASSWORD_ON_COMMAND_LINE = "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"  # noqa: S105 - a warning, not a password


def _check_login(parsed: Parsed, stdin_tty: bool, config_dir: str) -> None:
    """docker's verifyLoginFlags and verifyLoginOptions, in their order: conflicting or empty flags, the
    warning for a password on the command line, then no prompt without a terminal."""
    import sys

    from shim.errors import EXIT_GENERAL, DockerError

    given = parsed.values
    if "password-stdin" in given and "password" in given:
        raise DockerError("conflicting options: cannot specify both --password and --password-stdin", EXIT_GENERAL)
    if "password-stdin" in given and "username" not in given:
        raise DockerError("the --password-stdin option requires --username to be set", EXIT_GENERAL)
    for flag in ("username", "password"):
        if flag in given and not parsed.text(flag):
            raise DockerError(f"{flag} is empty", EXIT_GENERAL)
    user, password = parsed.text("username"), parsed.text("password")
    if password:
        sys.stderr.write(PASSWORD_ON_COMMAND_LINE)
        sys.stderr.flush()
    if stdin_tty or parsed.get("password-stdin") or (user and password):
        return
    # without both, docker logs in with stored credentials when it has them and was given neither, else asks
    if user or password or not _stored_login(parsed.args[0] if parsed.args else "", config_dir):
        raise DockerError("Error: Cannot perform an interactive login from a non TTY device", EXIT_GENERAL)


# command → how docker's client words a --platform value containerd's grammar refuses (run and create: check_run)
PLATFORM_ERRORS = {"save": "invalid platform: {problem}", "load": "invalid platform: {problem}",
                   "history": "invalid platform: {problem}", "inspect": "{problem}", "rm": "{problem}",
                   "rmi": "{problem}", "push": "Invalid platform {value}{problem}"}  # (sic: push's has no separator)


def check_platform(parsed: Parsed, canonical: str) -> None:
    """The --platform values docker's client parses itself (shim/platforms.py), exit 1."""
    wording = PLATFORM_ERRORS.get(canonical.removeprefix("image "))  # `inspect`: only image inspect has the flag
    values = parsed.get("platform")
    if wording is None or not values:
        return
    from shim.errors import EXIT_GENERAL, DockerError
    from shim.platforms import problem

    for value in values if isinstance(values, list) else [values]:
        found = problem(str(value)) if value else ""
        if found:
            raise DockerError(wording.format(value=value, problem=found), EXIT_GENERAL)


def check_timeouts(parsed: Parsed) -> None:
    """stop's and restart's --timeout with their deprecated --time: docker takes one or the other."""
    if "time" in parsed.values and "timeout" in parsed.values:
        from shim.errors import EXIT_GENERAL, DockerError

        raise DockerError("conflicting options: cannot specify both --timeout and --time", EXIT_GENERAL)


def _stored_login(server: str, config_dir: str) -> bool:
    """Whether docker's config file holds credentials for the server (docker then logs in with them)."""
    import json
    import os

    folder = config_dir or os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")
    try:
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
            auths = json.load(f).get("auths") or {}
    except (OSError, ValueError, AttributeError):
        return False
    key = server or "https://index.docker.io/v1/"
    return key in auths or key.removeprefix("https://").removeprefix("http://") in auths


def _check_output_path(path: str, doing: str) -> None:
    """docker's client checks the folder an output file goes to before it asks the daemon anything."""
    import os

    from shim.errors import EXIT_GENERAL, DockerError

    folder = os.path.dirname(os.path.normpath(path))
    if folder not in ("", ".") and not os.path.exists(folder):
        raise DockerError(f"{doing}: invalid output path: stat {folder}: no such file or directory", EXIT_GENERAL)
