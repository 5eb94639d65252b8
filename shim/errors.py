"""docker's exit codes and error messages, in one place.

The wording follows the docker CLI 28.2.2 (the reference on this project's machines), including its
quirks: argument-count errors exit 1 and end with "See …" for a minimum but "Run …" otherwise (and
"SRun …" for a maximum, a typo docker 28 really prints). Flag errors exit 125.
"""

from __future__ import annotations

# docker/cli cli/cobra.go and docs/reference/run.md "Exit status".
EXIT_GENERAL = 1  # docker's own usage and client errors (bad argument count, unknown command)
EXIT_DAEMON = 125  # flag errors, and errors of the daemon/runtime for `run`
EXIT_CANNOT_INVOKE = 126  # the container command exists but cannot be invoked
EXIT_NOT_FOUND = 127  # the container command cannot be found
EXIT_INTERRUPTED = 130  # 128 + SIGINT


class DockerError(Exception):
    """An error to show the user in docker's words, with docker's exit code."""

    def __init__(self, message: str, code: int = EXIT_GENERAL) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.notices: list[str] = []  # printed to stdout first, as pflag prints deprecation notices


def _usage_block(path: str, usage: str) -> str:
    line = f"docker {path} {usage}".rstrip()
    return f"\n\nUsage:  {line}\n\n"


def flag_error(message: str, path: str, usage: str) -> DockerError:
    """A flag that does not parse: docker's FlagErrorFunc shape, exit 125."""
    text = f"{message}{_usage_block(path, usage)}Run 'docker {path} --help' for more information"
    return DockerError(text, EXIT_DAEMON)


def global_flag_error(message: str) -> DockerError:
    """A bad global flag (`docker --foo ps`)."""
    return DockerError(f"{message}\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\n"
                       "Run 'docker --help' for more information", EXIT_DAEMON)


def args_error(path: str, usage: str, rule: tuple, given: int = 0) -> DockerError:
    """Wrong number of positional arguments, in the words of docker/cli cli/required.go (cobra's own
    ExactArgs, which `context use` keeps, prints one bare line)."""
    kind = rule[0]
    if kind == "cobra-exact":
        return DockerError(f"accepts {rule[1]} arg(s), received {given}", EXIT_GENERAL)
    n = rule[1] if len(rule) > 1 else 0
    plural = "" if n == 1 else "s"
    if kind == "min":
        what, tail = f"requires at least {n} argument{plural}", "See"
    elif kind == "exact":
        what, tail = f"requires {n} argument{plural}", "Run"
    elif kind == "range":
        what, tail = f"requires at least {n} and at most {rule[2]} arguments", "Run"
    elif kind == "max":
        what, tail = f"requires at most {n} argument{plural}", "SRun"  # sic: docker 28.2.2
    else:
        what, tail = "accepts no arguments", "Run"
    text = (f"docker: 'docker {path}' {what}{_usage_block(path, usage)}"
            f"{tail} 'docker {path} --help' for more information")
    return DockerError(text, EXIT_GENERAL)


def unknown_command(words: str, group: str = "") -> DockerError:
    """`docker nosuch` or `docker container nosuch`."""
    if group:
        return DockerError(f"docker: unknown command: docker {words}\n\nUsage:  docker {group}\n\n"
                           f"Run 'docker {group} --help' for more information")
    return DockerError(f"docker: unknown command: docker {words}\n\n"
                       "Run 'docker --help' for more information")


def unsupported_flag(flag: str, backend: str, why: str, path: str, usage: str) -> DockerError:
    """A docker flag the backend cannot express: refused before anything runs, exit 125."""
    reason = f": {why}" if why else ""
    return flag_error(f"unsupported flag: {flag} is not supported by pydock's {backend} backend"
                      f"{reason}", path, usage)


def unsupported_value(message: str, backend: str) -> DockerError:
    """A flag value or combination the backend cannot express."""
    return DockerError(f"docker: {message} (not supported by pydock's {backend} backend)",
                       EXIT_DAEMON)


def daemon_error(message: str, path: str, *, run_like: bool) -> DockerError:
    """An error of the runtime. `run` prefixes "docker: " and points at --help, exit 125 (docker's
    runContainer); the other verbs print the bare message and exit 1. docker names the verb alone there
    (`container run` points at `docker run --help`)."""
    if run_like:
        verb = path.rpartition(" ")[2]
        return DockerError(f"docker: {message}\n\nRun 'docker {verb} --help' for more information", EXIT_DAEMON)
    return DockerError(message, EXIT_GENERAL)


def needs_daemon(parsed: object) -> None:
    """docker's client refuses a flag only Windows or experimental daemons have, for a daemon without it (pydock
    is neither), before anything runs; exit 1."""
    command = parsed.command  # type: ignore[attr-defined]
    for name in parsed.values:  # type: ignore[attr-defined]
        flag = command.long_flag(name)
        if flag is None or flag.needs not in ("windows", "experimental"):
            continue
        if flag.needs == "windows":
            raise DockerError(f'"--{name}" is only supported on a Docker daemon running on windows, but the Docker '
                              "daemon is running on linux", EXIT_GENERAL)
        raise DockerError(f'"--{name}" is only supported on a Docker daemon with experimental features enabled',
                          EXIT_GENERAL)


def experimental_only(path: str) -> DockerError:
    """docker's answer for a command only experimental daemons have (`checkpoint`), before it parses anything."""
    return DockerError(f"docker {path} is only supported on a Docker daemon with experimental features enabled",
                       EXIT_GENERAL)
