"""Issue 14, secrets: login's password never shows in what pydock prints (--dry-run, PYDOCK_DEBUG, errors,
tracebacks) and reaches the backend on its stdin, never on its command line. The real nerdctl and registry
are in tests/integration/test_secrets.py; here the translation, the masking, and the pipe that feeds the
password, with a stand-in program that records what it was given."""

from __future__ import annotations

import os
import subprocess

import pytest

from shim import execute, redact
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.parse import parse_command
from shim.plan import CAPTURE, FEED, PREPARE, Plan, Result
from shim.spec import others
from tests.conftest import DOCKER_CLI, PYDOCK

SECRET = "s3cr3t-Zq9 'x\" $(y)"  # quotes and a shell's specials: masked as they are, not as quoted
SERVER = "127.0.0.1:5001"


def login_plan(*argv: str, **kw: object) -> Plan:
    canonical, command = others.lookup("login")
    parsed = parse_command(list(argv), command, canonical)
    return backend.translate(parsed, Context("nerdctl", "nerdctl", **{"stdin_tty": False, **kw}))


@pytest.mark.parametrize("given", [["-p", SECRET], [f"-p{SECRET}"], ["--password", SECRET], [f"--password={SECRET}"]])
def test_the_password_goes_on_stdin_not_argv(given):
    plan = login_plan("-u", "me", *given, SERVER)
    assert plan.stdin == FEED and plan.feed == SECRET.encode()
    assert plan.argv == ["nerdctl", "login", "--password-stdin", "--username=me", SERVER]
    assert not any(SECRET in arg for arg in plan.argv)
    assert SECRET not in repr(plan)


def test_without_a_username_pydock_asks_for_it_first():
    """nerdctl takes a password on stdin only with --username; docker asks for one on a terminal."""
    plan = login_plan("-p", SECRET, SERVER, stdin_tty=True)
    assert plan.mode == PREPARE and plan.stdin == FEED
    assert plan.commands() == [["nerdctl", "login", "--username=<USERNAME>", "--password-stdin", SERVER]]


@pytest.mark.parametrize("given", [["--password-stdin"], []])
def test_without_p_stdin_passes_through_as_before(given):
    plan = login_plan("-u", "me", *given, SERVER)
    assert plan.stdin != FEED and plan.feed == b""


@pytest.mark.parametrize(("argv", "fed", "shown"), [
    (["nerdctl", "login", "--password=abc", "srv"], False, ["nerdctl", "login", "--password=****", "srv"]),
    (["nerdctl", "login", "--password", "abc", "srv"], False, ["nerdctl", "login", "--password", "****", "srv"]),
    (["nerdctl", "login", "--password-stdin", "srv"], True, ["nerdctl", "login", "--password=****", "srv"]),
    (["nerdctl", "login", "--password-stdin", "srv"], False, ["nerdctl", "login", "--password-stdin", "srv"]),
    (["nerdctl", "run", "-p", "80:80", "x"], False, ["nerdctl", "run", "-p", "80:80", "x"]),
])
def test_argv_as_shown(argv, fed, shown):
    assert redact.argv(argv, fed=fed) == shown


def test_kept_secrets_are_masked_in_any_text():
    redact.keep("hunter2")
    redact.keep("hunter2-longer")
    assert redact.text("a hunter2-longer b hunter2") == "a **** b ****"
    assert redact.argv(["x", "--label=hunter2"]) == ["x", "--label=****"]


def pydock(*argv: str, env: dict[str, str] | None = None, stdin: int | bytes = subprocess.DEVNULL,
           ) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    full.update(env or {})
    data = stdin if isinstance(stdin, bytes) else None
    return subprocess.run([PYDOCK, *argv], input=data, stdin=None if data is not None else stdin, env=full,
                          capture_output=True, timeout=30, check=False, text=data is None)


@pytest.mark.parametrize("given", [["-p", SECRET], [f"-p{SECRET}"], ["--password", SECRET], [f"--password={SECRET}"]])
def test_dry_run_shows_the_password_masked(given):
    out = pydock("--dry-run", "login", "-u", "me", *given, SERVER)
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"nerdctl login '--password=****' --username=me {SERVER}\n"
    assert out.stderr == "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
    assert SECRET not in out.stdout + out.stderr


@pytest.fixture
def standin(tmp_path):
    """A program in nerdctl's place that records its command line (as /proc shows it), its environment and its
    stdin, then says what nerdctl says (or fails when told to)."""
    script = tmp_path / "nerdctl"
    script.write_text(f"""#!/bin/sh
tr '\\0' ' ' < /proc/$$/cmdline > {tmp_path}/cmdline
tr '\\0' '\\n' < /proc/$$/environ > {tmp_path}/environ
cat > {tmp_path}/stdin
[ -n "$STANDIN_FAIL" ] && {{ echo "$STANDIN_FAIL" >&2; exit 1; }}
echo 'Login Succeeded'
""")
    script.chmod(0o755)
    return tmp_path


def test_debug_run_feeds_the_password_on_stdin(standin):
    out = pydock("--config", str(standin), "login", "-u", "me", "-p", SECRET, SERVER,
                 env={"PYDOCK_DEBUG": "1", "PYDOCK_NERDCTL": str(standin / "nerdctl")})
    assert out.returncode == 0, out.stderr
    assert out.stdout == "Login Succeeded\n"
    assert out.stderr == ("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
                          f"pydock: backend nerdctl (auto: {standin}/nerdctl found)\n"
                          f"{standin}/nerdctl login '--password=****' --username=me {SERVER}\n")
    assert (standin / "stdin").read_bytes() == SECRET.encode()  # no newline: the password exactly
    assert "--password-stdin" in (standin / "cmdline").read_text()
    for record in ("cmdline", "environ"):
        assert SECRET not in (standin / record).read_text()


def test_a_backend_error_echoing_the_password_is_masked(standin):
    out = pydock("login", "-u", "me", "-p", SECRET, SERVER,
                 env={"PYDOCK_NERDCTL": str(standin / "nerdctl"), "STANDIN_FAIL": f"rejected {SECRET}"})
    assert out.returncode == 1
    assert SECRET not in out.stdout + out.stderr
    assert "rejected ****" in out.stderr


@pytest.mark.parametrize("debug", ["", "1"])
def test_internal_errors_and_tracebacks_mask_the_password(monkeypatch, capsys, debug):
    from shim import cli
    from shim.backends.nerdctl import login

    def broken(*_args: object, **_kw: object) -> Plan:
        raise RuntimeError(f"could not log in with {SECRET}")

    monkeypatch.setattr(login, "with_password", broken)
    monkeypatch.setenv("PYDOCK_NERDCTL", "/bin/true")
    monkeypatch.setenv("PYDOCK_DEBUG", debug)
    assert cli.main(["login", "-u", "me", "-p", SECRET, SERVER]) == 1
    err = capsys.readouterr().err
    assert SECRET not in err
    assert "could not log in with ****" in err
    assert ("Traceback (most recent call last)" in err) == bool(debug)


def test_feed_gives_the_child_more_than_a_pipe_holds():
    data = os.urandom(300_000)  # a pipe holds 64 KiB: the rest is written as the child reads
    plan = Plan(["cat"], CAPTURE, stdin=FEED, feed=data, then=lambda r: r)
    result = execute._run_one(plan)
    assert isinstance(result, Result) and result.code == 0
    assert result.stdout == data


# docker's client checks for login, before it asks any daemon (stdin not a terminal)
LOGIN_CHECKS = [
    ["-u", "a", "-p", "X", "--password-stdin"], ["--password-stdin"], ["-p", "X"], ["-u", "me", "-p", ""],
    ["-u", ""], ["-u="], ["-u", "me"], ["--password-stdin", "-u", ""],
]


@pytest.mark.skipif(not DOCKER_CLI and not os.environ.get("CI"), reason="the docker CLI is not installed")
@pytest.mark.parametrize("flags", LOGIN_CHECKS, ids=" ".join)
def test_login_checks_match_docker(flags, tmp_path):
    def run(binary: str) -> tuple[int, str, str]:
        env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/pydock-parity.sock", "DOCKER_CONFIG": str(tmp_path)}
        env.pop("PYDOCK_DEBUG", None)
        proc = subprocess.run([binary, "login", *flags, SERVER], capture_output=True, text=True, env=env, timeout=30,
                              check=False, stdin=subprocess.DEVNULL)
        return proc.returncode, proc.stdout, proc.stderr
    assert run(PYDOCK) == run(DOCKER_CLI)


@pytest.mark.parametrize(("typed", "code"), [(b"me\n", 0), (b"\n", 1)])
def test_on_a_terminal_without_u_pydock_asks_the_username(standin, typed, code):
    """docker asks for the username on a terminal; pydock asks it, so that the password still goes on stdin."""
    import pty

    pid, terminal = pty.fork()
    if pid == 0:  # the child: pydock on the terminal
        os.environ.update({"PYDOCK_NERDCTL": str(standin / "nerdctl")})
        os.environ.pop("PYDOCK_DEBUG", None)
        os.execv(PYDOCK, [PYDOCK, "--config", str(standin), "login", "-p", SECRET, SERVER])
    seen = b""
    while b"Username: " not in seen:
        seen += os.read(terminal, 1024)
    os.write(terminal, typed)
    while True:
        try:
            chunk = os.read(terminal, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    assert os.waitstatus_to_exitcode(status) == code, seen
    assert SECRET.encode() not in seen
    if code == 0:
        assert (standin / "stdin").read_bytes() == SECRET.encode()
        assert "--username=me --password-stdin" in (standin / "cmdline").read_text()
    else:
        assert b"Error: Non-null Username Required" in seen


def test_a_very_short_password_does_not_garble_messages():
    redact.keep("a1")
    assert redact.text("a1 is not masked in text") == "a1 is not masked in text"
    assert redact.argv(["nerdctl", "login", "--password=a1"]) == ["nerdctl", "login", "--password=****"]
