"""Tab in real shells (bash, zsh, fish) under pexpect, with the checked-in completion scripts loaded and the
real pydock answering for container names from the real containerd."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path

import pexpect
import pytest

from tests.conftest import PYDOCK, ROOT, pydock

COMPLETIONS = ROOT / "completions"
READY = "ready-for-tab"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
               PATH=f"{Path(PYDOCK).parent}{os.pathsep}{env.get('PATH', os.defpath)}", TERM="xterm",
               LANG="C.UTF-8")
    env.pop("PROMPT_COMMAND", None)
    return env


def _spawn_bash(env: dict[str, str]) -> pexpect.spawn:
    child = pexpect.spawn("bash", ["--norc", "--noprofile"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(60, 250))
    child.sendline("PS1='$ '; bind 'set bell-style none'; bind 'set completion-query-items 1000'")
    child.sendline(f"source {COMPLETIONS / 'pydock.bash'}")
    return child


def _spawn_zsh(env: dict[str, str]) -> pexpect.spawn:
    child = pexpect.spawn("zsh", ["-f"], env=env, encoding="utf-8", timeout=30, dimensions=(60, 250))
    child.sendline(f"PS1='$ '; unsetopt beep; fpath=({COMPLETIONS} $fpath); autoload -Uz compinit; "
                   "compinit -u -D; zstyle ':completion:*' list-prompt ''; LISTMAX=1000")
    return child


def _spawn_fish(env: dict[str, str]) -> pexpect.spawn:
    child = pexpect.spawn("fish", ["--no-config", "--private"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(60, 250))
    child.sendline("function fish_prompt; echo '$ '; end; set -g fish_greeting ''")
    child.sendline(f"source {COMPLETIONS / 'pydock.fish'}")
    return child


SPAWN = {"bash": _spawn_bash, "zsh": _spawn_zsh, "fish": _spawn_fish}


@pytest.fixture(params=sorted(SPAWN))
def shell(request, tmp_path, stack):
    """An interactive shell with pydock's completion loaded; closed (and killed if stuck) afterwards."""
    name = request.param
    if not shutil.which(name):
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed")
        pytest.skip(f"{name} is not installed")
    child = SPAWN[name](_env(tmp_path))
    child.sendline(f"echo {READY[:5]}''{READY[5:]}")  # the echo of the line itself does not match
    child.expect_exact(READY)
    child.name_of_shell = name
    yield child
    child.sendcontrol("c")
    child.sendline("exit")
    child.close(force=True)


def _tab_and_print_line(child: pexpect.spawn, typed: str) -> str:
    """Type `typed`, press Tab, then turn the edited line into `echo LINE` and run it: what completion
    put on the line comes back as the echo's output, free of the terminal's redrawing."""
    marker = uuid.uuid4().hex[:6]
    child.send(typed + "\t")
    child.expect_exact(typed.rsplit(" ", 1)[-1][:2], timeout=30)
    # Let the completion finish before editing the line (the pager, if any, closes on the next key).
    child.send("\x01")  # beginning of line
    child.send(f"echo '{marker[:3]}'{marker[3:]} ")  # quoted apart: the typed line does not match
    child.send("\r")
    child.expect(re.escape(marker) + r" ([^\r\n]*)\r?\n", timeout=30)
    return child.match.group(1)


def test_verb_completes(shell):
    # `ex` is also the start of `export`: a second Tab lists both.
    shell.send("pydock ex\t\t")
    shell.expect(r"exec", timeout=30)
    shell.sendcontrol("c")


def test_exec_lists_a_running_container(shell, busybox, name):
    cname = name("tab")
    pydock("run", "-d", "--name", cname, "busybox", "sleep", "300", check=True)
    shell.send("pydock exec \t\t")
    shell.expect_exact(cname, timeout=30)
    shell.sendcontrol("c")


def test_stopped_container_is_not_offered_to_exec(shell, busybox, name):
    running, stopped = name("tabrun"), name("tabstop")
    pydock("run", "-d", "--name", running, "busybox", "sleep", "300", check=True)
    pydock("create", "--name", stopped, "busybox", "true", check=True)
    line = _tab_and_print_line(shell, f"pydock exec {running[:-3]}")
    assert line.split()[-1] == running
    line = _tab_and_print_line(shell, f"pydock rm {stopped[:-3]}")
    assert line.split()[-1] == stopped
    line = _tab_and_print_line(shell, f"pydock exec {stopped[:-3]}")
    assert line.split()[-1] == stopped[:-3]


def test_docker_alias_completes_network_flag(shell):
    shell.sendline("alias docker=pydock")
    line = _tab_and_print_line(shell, "docker run --ne")
    # --network and --network-alias share `--network`: Tab puts that much on the line.
    assert line.split()[:3] == ["docker", "run", "--network"], line


def test_flag_values(shell, busybox):
    assert _tab_and_print_line(shell, "pydock run --restart unless-").split()[-1] == "unless-stopped"
    assert _tab_and_print_line(shell, "pydock stop -s KI").split()[-1] == "KILL"
    assert _tab_and_print_line(shell, "pydock run --network=no").split()[-1] == "--network=none"
    assert _tab_and_print_line(shell, "pydock rmi busybox:la").split()[-1] == "busybox:latest"


def test_flags_of_commands_passed_to_nerdctl(shell):
    # docker's own flags for the commands pydock hands to nerdctl (shim/spec/other_flags.py)
    assert _tab_and_print_line(shell, "pydock kill --sig").split()[-1] == "--signal"
    assert _tab_and_print_line(shell, "pydock kill -s KI").split()[-1] == "KILL"
    assert _tab_and_print_line(shell, "pydock network create --dri").split()[-1] == "--driver"
    assert _tab_and_print_line(shell, "pydock container create --restart unless-").split()[-1] == "unless-stopped"


def test_compose_subcommands_and_flags(shell):
    # docker compose's command tree (shim/spec/compose.py)
    assert _tab_and_print_line(shell, "pydock compose dow").split()[-1] == "down"
    assert _tab_and_print_line(shell, "pydock compose up --remove-orph").split()[-1] == "--remove-orphans"
