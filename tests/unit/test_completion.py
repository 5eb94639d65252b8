"""Completion scripts: generated from the spec (and current), complete what the spec says, stay off the hot
path, leave a real docker's completion alone; `pydock completion --install` is idempotent."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from shim import cli, spec
from shim.backends.nerdctl import names as lookups
from shim.completion import generate, install, model, names
from shim.spec import Command, Flag
from shim.spec import others as other_spec
from tests.conftest import ROOT


@pytest.mark.parametrize("shell", sorted(generate.FILES))
def test_checked_in_script_is_current(shell):
    path = ROOT / "completions" / generate.FILES[shell]
    assert path.read_text(encoding="utf-8") == generate.script(shell), \
        f"completions/{path.name} drifted: run python -m shim.completion.generate --write"


def test_every_command_path_and_flag_is_in_the_model():
    built = model.build()
    for path, (module, _) in spec.PATHS.items():
        found = built.spots[path]
        shown = {n for o in found.options for n in o.names}
        for flag in spec.get(module).flags:
            assert (f"--{flag.long}" in shown) is not flag.hidden, (path, flag)
            if flag.short and not flag.hidden:
                assert f"-{flag.short}" in shown
    for path in other_spec.PATHS:
        for alias in (path, *other_spec.lookup(path)[1].aliases):
            assert alias in built.spots
    for path in built.spots:
        words = path.split(" ")
        assert words[0] in built.top
        if len(words) == 2:
            assert words[1] in built.groups[words[0]]
    assert {"install", "uninstall", "doctor", "daemon", "completion"} <= set(built.top)
    assert set(built.groups["daemon"]) == {"start", "stop", "status"}
    assert "__complete" not in built.top


def test_a_command_added_to_the_spec_shows_up_everywhere(monkeypatch):
    # Nothing in the generator lists commands: a new spec entry reaches every script.
    fake = Command("frobnicate", "[OPTIONS] CONTAINER", "Frobnicate a container", ("frobnicate",), ("exact", 1),
                   (Flag("wibble-file", "W", "string", hint="file"),))
    real_get = spec.get
    monkeypatch.setitem(spec.PATHS, "frobnicate", ("frobnicate", "frobnicate"))
    monkeypatch.setattr(spec, "get", lambda module: fake if module == "frobnicate" else real_get(module))
    built = model.build()
    assert built.spots["frobnicate"].args == ("@container",)
    for shell in generate.FILES:
        text = generate.script(shell)
        assert "frobnicate" in text and "--wibble-file" in text and "-W" in text


def _values(path: str, flag: str) -> tuple[str, ...] | None:
    found = model.build().spots[path]
    return next(o.values for o in found.options if flag in o.names)


@pytest.mark.parametrize(("path", "flag", "expected"), [
    ("run", "-v", ("@file",)), ("run", "--env-file", ("@file",)), ("exec", "--env-file", ("@file",)),
    ("save", "-o", ("@file",)), ("load", "-i", ("@file",)), ("container run", "--volume", ("@file",)),
    ("run", "--network", ("host", "none", "bridge", "@network")),
    ("run", "--restart", ("no", "always", "on-failure", "unless-stopped")),
    ("ps", "--format", ("table", "json")), ("images", "--format", ("table", "json")),
])
def test_flag_value_hints(path, flag, expected):
    assert _values(path, flag) == expected


def test_signals_and_bool_flags():
    assert "KILL" in _values("stop", "-s") and "TERM" in _values("stop", "--signal")
    assert _values("run", "-d") is None and _values("run", "-i") is None  # -i is --interactive for run
    globals_by_name = {n: o.values for o in model.build().globals for n in o.names}
    assert globals_by_name["--log-level"] == ("debug", "info", "warn", "error", "fatal")  # from its help
    assert globals_by_name["--namespace"] == ("@namespace",)
    assert globals_by_name["--backend"] == ("nerdctl", "ctr")


@pytest.mark.parametrize(("path", "args", "repeat"), [
    ("exec", ("@running",), False), ("stop", ("@running",), True), ("kill", ("@running",), True),
    ("logs", ("@container",), False), ("rm", ("@container",), True), ("start", ("@container",), True),
    ("container inspect", ("@container",), True), ("inspect", ("@container,@image",), True),
    ("run", ("@image",), False), ("create", ("@image",), False), ("rmi", ("@image",), True),
    ("tag", ("@image", "@image"), False), ("push", ("@image",), False), ("save", ("@image",), True),
    ("history", ("@image",), False), ("image history", ("@image",), False), ("network rm", ("@network",), True),
    ("completion", ("bash,zsh,fish",), False),
])
def test_positional_kinds(path, args, repeat):
    found = model.build().spots[path]
    assert (found.args, found.repeat) == (args, repeat)


def test_run_and_exec_stop_flags_at_the_first_positional():
    built = model.build()
    assert built.spots["run"].stop and built.spots["exec"].stop and not built.spots["ps"].stop


@pytest.mark.parametrize(("shell", "argv"), [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]),
                                             ("fish", ["fish", "--no-execute"])])
def test_scripts_parse(shell, argv):
    if not shutil.which(argv[0]):
        pytest.skip(f"{argv[0]} is not installed")
    path = ROOT / "completions" / generate.FILES[shell]
    result = subprocess.run([*argv, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_pydock_completion_prints_the_script(capsys):
    assert cli.main(["completion", "zsh"]) == 0
    assert capsys.readouterr().out == generate.script("zsh")
    assert cli.main(["completion"]) == 1
    assert "name a shell" in capsys.readouterr().err


def test_name_helper_stays_on_the_hot_path():
    probe = ("import json, sys\nfrom shim import cli\nfrom shim.backends import load\n"
             "load('nerdctl').name_lookup('default')\nprint(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert not loaded & {"typer", "rich", "click", "subprocess", "hashlib", "shellingham"}


def test_name_helper_reads_nerdctl_and_containerd_state(tmp_path, monkeypatch, capfd):
    # The fast path without a runtime: nerdctl's name files and containerd's task folders, laid out here.
    root = tmp_path / "nerdctl"
    store = root / lookups._sha256_8(lookups.DEFAULT_ADDRESS) / "names" / "ns1"
    store.mkdir(parents=True)
    tasks = tmp_path / "tasks"
    for name, ident, pid in [("up", "id-up", os.getpid()), ("down", "id-down", 2**22 + 7), ("made", "id-made", 0)]:
        (store / name).write_text(ident)
        if pid:
            (tasks / "ns1" / ident).mkdir(parents=True)
            (tasks / "ns1" / ident / "init.pid").write_text(str(pid))
    (tmp_path / "nerdctl.toml").write_text(f'data_root = "{root}"\n')
    monkeypatch.setenv("NERDCTL_TOML", str(tmp_path / "nerdctl.toml"))
    monkeypatch.delenv("CONTAINERD_ADDRESS", raising=False)
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.setattr(lookups, "TASK_STATE", str(tasks))
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert names.main(["__complete", "ns1", "running"]) == 0
    assert capfd.readouterr().out == "up\n"
    assert names.main(["__complete", "ns1", "container"]) == 0
    assert capfd.readouterr().out == "down\nmade\nup\n"
    assert lookups.Lookup("empty-ns").containers(running_only=False) == []


def test_image_names_offer_repo_for_latest():
    assert lookups._image_names(["busybox:latest", "a/b:1", "<none>:<none>", "localhost:5000/x:latest"]) == \
        ["busybox", "busybox:latest", "a/b:1", "localhost:5000/x", "localhost:5000/x:latest"]


# -- docker: claimed only when it is pydock (bash; zsh and fish follow the same rule) --

def _bash(script: str, path: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{path}:/usr/bin:/bin", "HOME": "/nonexistent"}
    return subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True,
                          env=env, check=False)


def test_bash_leaves_a_loaded_docker_completion_alone(tmp_path):
    source = f"source {ROOT / 'completions/pydock.bash'}"
    result = _bash(f"_real() {{ :; }}; complete -F _real docker; {source}; complete -p docker", str(tmp_path))
    assert result.stdout.strip() == "complete -F _real docker"


def test_bash_steps_aside_for_a_real_docker_on_tab(tmp_path):
    (tmp_path / "docker").write_text("#!/bin/sh\necho real docker\n")
    (tmp_path / "docker").chmod(0o755)
    source = f"source {ROOT / 'completions/pydock.bash'}"
    script = (f"{source}; COMP_LINE='docker ru'; COMP_POINT=9; _pydock_docker; echo rc=$?; "
              "complete -p docker || echo none")
    result = _bash(script, str(tmp_path))
    assert "rc=124" in result.stdout and "none" in result.stdout


def test_bash_claims_pydocks_docker_shim(tmp_path):
    from shim.install import dockershim

    dockershim.install(str(tmp_path), "/usr/bin/true")
    source = f"source {ROOT / 'completions/pydock.bash'}"
    script = f"{source}; COMP_LINE='docker ru'; COMP_POINT=9; _pydock_docker; echo \"${{COMPREPLY[*]}}\""
    assert _bash(script, str(tmp_path)).stdout.split() == ["run"]


# -- pydock completion --install --

@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "ZDOTDIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # no docker unless a test puts one there
    return tmp_path


@pytest.mark.parametrize(("shell", "target"), [
    ("bash", ".local/share/bash-completion/completions/pydock"), ("zsh", ".zfunc/_pydock"),
    ("fish", ".config/fish/completions/pydock.fish")])
def test_install_writes_once(home, shell, target):
    steps = install.plan(shell, generate.script(shell))
    first = install.apply(steps)
    assert (home / target).read_text() == generate.script(shell)
    assert any(line.startswith("wrote") for line in first)
    again = install.apply(install.plan(shell, generate.script(shell)))
    assert all(line.startswith("unchanged") for line in again), again
    assert not (home / target).with_name("docker").exists()
    if shell == "zsh":
        zshrc = (home / ".zshrc").read_text().splitlines()
        assert zshrc[0] == f'fpath=("{home}/.zfunc" $fpath)  {install.RC_MARK}'
        assert sum(install.RC_MARK in line for line in zshrc) == 2  # fpath, and compinit (there was none)


def test_install_adds_docker_when_docker_is_pydock(home):
    from shim.install import dockershim

    dockershim.install(str(home / "bin"), "/usr/bin/true")
    written = [s.path for s in install.plan("zsh", generate.script("zsh"))]
    assert str(home / ".zfunc/_docker") in written
    docker_copy = next(s for s in install.plan("zsh", generate.script("zsh")) if s.path.endswith("_docker"))
    assert docker_copy.text.startswith("#compdef docker\n")


def test_install_leaves_a_real_docker_alone(home):
    (home / "bin").mkdir()
    (home / "bin/docker").write_text("#!/bin/sh\n")
    (home / "bin/docker").chmod(0o755)
    (home / ".bashrc").write_text("alias docker=pydock\n")  # the real one on PATH wins for scripts
    assert not any(s.path.endswith("/docker") for s in install.plan("bash", "x"))
    (home / "bin/docker").unlink()
    assert any(s.path.endswith("/docker") for s in install.plan("bash", "x"))


def test_show_changes_nothing(home, capsys):
    assert cli.main(["completion", "--show", "--shell", "fish"]) == 0
    assert capsys.readouterr().out.startswith(f"write {home}/.config/fish/completions/pydock.fish")
    assert not (home / ".config").exists()


def test_other_commands_complete_with_their_spec_flags():
    from shim.completion.model import build

    model = build()
    kill = {name: o for o in model.spots["kill"].options for name in o.names}
    assert set(kill) == {"-s", "--signal"} and "KILL" in kill["--signal"].values
    create = {name: o for o in model.spots["container create"].options for name in o.names}
    assert create["--env-file"].values == ("@file",) and create["--rm"].values is None
    assert model.spots["container create"].stop
