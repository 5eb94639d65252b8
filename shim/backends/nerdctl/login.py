"""`docker login -p PASSWORD`: the password reaches nerdctl on its stdin (`--password-stdin`), never on its
command line, where `ps` and /proc show it to every user of the host. It goes through a pipe pydock fills
(plan.FEED): nothing of it on disk or in any environment. Pure: nothing runs here.
"""

from __future__ import annotations

from shim.plan import FEED, PREPARE, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.plan import Done, Result

def with_password(command: list[str], tail: list[str], password: str, *, env: dict[str, str] | None,
                  log_prefix: bytes, restate: Callable[[Result], Done], ask_username: bool) -> Plan:
    """nerdctl's login (`command`: its executable, global flags and `login`) for docker's `tail` (the flags as
    docker spells them, then the server), the password fed on stdin. nerdctl takes a password on stdin
    only with --username; without one (docker asks for it on a terminal) pydock asks first."""
    kept = [a for a in tail if not a.startswith("--password=")]

    def feeding(username: list[str]) -> Plan:
        return Plan([*command, *username, "--password-stdin", *kept], env=env, log_prefix=log_prefix,
                    restate=restate, stdin=FEED, feed=password.encode("utf-8", "surrogateescape"))

    if not ask_username:
        return feeding([])
    return Plan([], PREPARE, later=(feeding(["--username=<USERNAME>"]).argv,), stdin=FEED,
                then=lambda _result: feeding([f"--username={_ask_username()}"]))


def _ask_username() -> str:
    """docker's prompt for the username it was not given, on the terminal (shim/client_checks.py refused
    the login without one)."""
    import sys

    sys.stdout.write("Username: ")
    sys.stdout.flush()
    name = sys.stdin.readline().strip()
    if not name:
        from shim.errors import EXIT_GENERAL, DockerError

        raise DockerError("Error: Non-null Username Required", EXIT_GENERAL)
    return name
