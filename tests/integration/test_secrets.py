"""Issue 14, secrets, on the real stack: login's password is on no command line or environment of the nerdctl
pydock runs (read from /proc while nerdctl waits on a registry this test holds open), nothing pydock prints
shows it, docker's config file keeps everything else it held (mode 0600 for a new file, replaced whole by a
rename, no scratch file left), and credential helpers (`credsStore`, `credHelpers`) store and give the
credentials as docker's do, with a real `docker-credential-*` program on PATH."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
import uuid

import pytest

from tests.conftest import PYDOCK, pydock

AUTH_REGISTRY = "127.0.0.1:5001"  # htpasswd: pydock / pydock-secret (tests/stack/provision.sh)
USER, PASSWORD = "pydock", "pydock-secret"
SECRET = "s3cr3t-Zq9-never-shown"  # a wrong password: shown nowhere either


def _children(pid: int) -> list[int]:
    """The processes whose parent is pid, from /proc (no children file needed)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _accept(server: socket.socket, proc: subprocess.Popen) -> socket.socket:
    """nerdctl's connection, or a failure saying why it never came."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            return server.accept()[0]
        except TimeoutError:
            if proc.poll() is not None:
                pytest.fail(f"pydock ended before nerdctl reached the registry: {proc.communicate()}")
    pytest.fail("nerdctl never reached the registry")


def test_nerdctl_gets_the_password_on_stdin_not_argv(tmp_path):
    """A registry that accepts and never answers holds nerdctl's login open while its /proc is read."""
    held: list[socket.socket] = []
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.settimeout(0.2)
    proc = subprocess.Popen([PYDOCK, "--config", str(tmp_path), "login", "-u", "me", "-p", SECRET, f"127.0.0.1:{port}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYDOCK_DEBUG": "1"})
    try:
        held.append(_accept(server, proc))  # nerdctl is connected and waiting for the registry's answer
        nerdctl = [p for p in _children(proc.pid) if _read(f"/proc/{p}/cmdline").split(b"\0")[1:2] == [b"login"]]
        assert len(nerdctl) == 1, _children(proc.pid)
        cmdline = _read(f"/proc/{nerdctl[0]}/cmdline").split(b"\0")
        assert b"--password-stdin" in cmdline and b"--username=me" in cmdline
        for where in ("cmdline", "environ"):
            assert SECRET.encode() not in _read(f"/proc/{nerdctl[0]}/{where}")
        assert SECRET.encode() not in _read(f"/proc/{proc.pid}/environ")
        # nerdctl reads it from a pipe, and pydock, which fills it, has no file open: nothing on disk
        assert os.readlink(f"/proc/{nerdctl[0]}/fd/0").startswith("pipe:")
        for fd in os.listdir(f"/proc/{proc.pid}/fd"):
            target = os.readlink(f"/proc/{proc.pid}/fd/{fd}")
            assert not target.startswith("/") or target.startswith("/dev/"), target
    finally:
        for conn in held:
            conn.close()
        server.close()  # nerdctl's attempts end: the login fails
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert SECRET.encode() not in out + err
    assert b"'--password=****'" in err  # PYDOCK_DEBUG's line


def test_nothing_shows_the_password(tmp_path):
    """A refused login, with every way pydock has to show what it does."""
    for argv in (["--dry-run"], ["--debug"], []):
        out = pydock(*argv, "--config", str(tmp_path), "login", "-u", USER, "-p", SECRET, AUTH_REGISTRY,
                     env={"PYDOCK_DEBUG": "1"})
        assert out.returncode == (0 if argv == ["--dry-run"] else 1), out.stderr
        assert SECRET not in out.stdout + out.stderr
        assert "--password=****" in out.stdout + out.stderr
    assert not os.path.exists(tmp_path / "config.json")


def _login(config, *, password: str = PASSWORD, env: dict[str, str] | None = None):
    return pydock("--config", str(config), "login", "-u", USER, "-p", password, AUTH_REGISTRY, env=env)


def _watch(path, stop: threading.Event, seen: list[object]) -> None:
    """Read the config file as fast as possible while it is rewritten: every read is whole JSON."""
    while not stop.is_set():
        try:
            text = path.read_text()
        except FileNotFoundError:
            continue
        try:
            seen.append(json.loads(text))
        except ValueError:
            seen.append(text)


def test_config_file_kept_whole_private_and_replaced_atomically(tmp_path):
    config = tmp_path / "docker-config"
    config.mkdir()
    path = config / "config.json"
    before = {"auths": {"other.example": {"auth": "eDp5"}}, "psFormat": "table {{.ID}}",
              "proxies": {"default": {"httpProxy": "http://proxy.example:3128"}},
              "credHelpers": {"helped.example": "nosuch"}, "detachKeys": "ctrl-x", "currentContext": "default"}
    # (a key docker's config file does not know is dropped, by docker 28.2.2's login as by nerdctl's)
    path.write_text(json.dumps(before))
    path.chmod(0o600)
    inode = path.stat().st_ino
    stop, seen = threading.Event(), []
    watcher = threading.Thread(target=_watch, args=(path, stop, seen))
    watcher.start()
    try:
        done = _login(config)
        assert done.returncode == 0, done.stderr
        after_login = json.loads(path.read_text())
        inodes = [inode, path.stat().st_ino]
        logout = pydock("--config", str(config), "logout", AUTH_REGISTRY, check=True)
        inodes.append(path.stat().st_ino)
    finally:
        stop.set()
        watcher.join()
    assert logout.stdout == f"Removing login credentials for {AUTH_REGISTRY}\n"
    assert after_login["auths"][AUTH_REGISTRY]["auth"]
    assert {k: v for k, v in after_login.items() if k != "auths"} == {k: v for k, v in before.items() if k != "auths"}
    assert after_login["auths"]["other.example"] == before["auths"]["other.example"]
    assert json.loads(path.read_text()) == before  # logout: back to what it was
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # each time a new file renamed into place (it existed beside the old one, so its inode differs), never
    # the old one rewritten in place
    assert inodes[0] != inodes[1] != inodes[2]
    assert sorted(os.listdir(config)) == ["config.json"]  # no scratch file left
    assert seen and all(isinstance(s, dict) and s.get("psFormat") == before["psFormat"] for s in seen)


def test_a_new_config_file_is_private(tmp_path):
    config = tmp_path / "new"
    done = _login(config)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((config / "config.json").stat().st_mode) == 0o600
    assert sorted(os.listdir(config)) == ["config.json"]
    assert PASSWORD not in done.stdout + done.stderr
    pydock("--config", str(config), "logout", AUTH_REGISTRY, check=True)


# A credential helper as docker's protocol has it (docker-credential-helpers): the action as its argument,
# the server (or the credentials as JSON) on stdin, the answer as JSON on stdout. It keeps them in a JSON file
# and logs each call, so the test sees who asked for what.
HELPER = """#!{python}
import json, os, sys

store, log = os.environ["PYDOCK_TEST_CREDS"], os.environ["PYDOCK_TEST_CREDS"] + ".log"
action, given = sys.argv[1], sys.stdin.read()
try:
    with open(store) as f:
        creds = json.load(f)
except OSError:
    creds = {{}}
with open(log, "a") as f:
    f.write(action + " " + (json.loads(given)["ServerURL"] if action == "store" else given.strip()) + "\\n")
if action == "store":
    entry = json.loads(given)
    creds[entry["ServerURL"]] = {{"Username": entry["Username"], "Secret": entry["Secret"]}}
elif action == "get":
    if given.strip() not in creds:
        print("credentials not found in native keychain")
        sys.exit(1)
    print(json.dumps({{"ServerURL": given.strip(), **creds[given.strip()]}}))
elif action == "erase":
    creds.pop(given.strip(), None)
elif action == "list":
    print(json.dumps({{url: c["Username"] for url, c in creds.items()}}))
with open(store, "w") as f:
    json.dump(creds, f)
"""


@pytest.fixture
def helper(tmp_path):
    """`docker-credential-pydocktest` on PATH; returns the environment that finds it and its store."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "docker-credential-pydocktest"
    program.write_text(HELPER.format(python=sys.executable))
    program.chmod(0o755)
    creds = tmp_path / "creds.json"
    return {"PATH": f"{folder}:{os.environ['PATH']}", "PYDOCK_TEST_CREDS": str(creds)}, creds


@pytest.mark.parametrize("setting", [{"credsStore": "pydocktest"}, {"credHelpers": {AUTH_REGISTRY: "pydocktest"}}],
                         ids=["credsStore", "credHelpers"])
def test_credential_helpers_store_and_give_the_credentials(busybox, tmp_path, helper, setting):
    env, creds = helper
    config = tmp_path / "docker-config"
    config.mkdir()
    path = config / "config.json"
    path.write_text(json.dumps({**setting, "auths": {"other.example": {"auth": "eDp5"}}}))
    done = _login(config, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Login Succeeded\n"
    assert "stored unencrypted" not in done.stderr  # docker warns only of credentials in the file itself
    assert json.loads(creds.read_text()) == {AUTH_REGISTRY: {"Username": USER, "Secret": PASSWORD}}
    saved = json.loads(path.read_text())
    assert saved["auths"] == {"other.example": {"auth": "eDp5"}, AUTH_REGISTRY: {}}  # the server's key, no secret
    assert {k: v for k, v in saved.items() if k != "auths"} == setting
    assert PASSWORD not in path.read_text()

    ref = f"{AUTH_REGISTRY}/pydock-test/helper-{uuid.uuid4().hex[:8]}:1"
    pydock("tag", busybox, ref, check=True)
    pushed = pydock("--config", str(config), "push", ref, env=env)
    assert pushed.returncode == 0, pushed.stderr
    pydock("rmi", ref, check=True)
    pulled = pydock("--config", str(config), "pull", ref, env=env)
    assert pulled.returncode == 0, pulled.stderr
    assert f"get {AUTH_REGISTRY}" in (tmp_path / "creds.json.log").read_text()

    logout = pydock("--config", str(config), "logout", AUTH_REGISTRY, env=env)
    assert logout.returncode == 0, logout.stderr
    assert json.loads(creds.read_text()) == {}
    assert f"erase {AUTH_REGISTRY}" in (tmp_path / "creds.json.log").read_text()
    assert json.loads(path.read_text())["auths"] == {"other.example": {"auth": "eDp5"}}
    pydock("rmi", ref, check=True)


ENGINE29 = "/run/pydock-ref29/docker.sock"


def _docker_login_logout(config, env: dict[str, str]) -> list[tuple[int, str, str]]:
    """docker 28.2.2's login then logout with this config dir, through the reference Engine 29."""
    from tests.conftest import DOCKER_CLI

    outputs = []
    for argv in (["login", "-u", USER, "-p", PASSWORD, AUTH_REGISTRY], ["logout", AUTH_REGISTRY]):
        proc = subprocess.run(["flock", "/tmp/pydock-ref.lock", DOCKER_CLI, "-H", f"unix://{ENGINE29}",
                               "--config", str(config), *argv], capture_output=True, text=True,
                              env={**os.environ, **env}, stdin=subprocess.DEVNULL, timeout=60, check=False)
        outputs.append((proc.returncode, proc.stdout, proc.stderr.replace(str(config), "CONFIG")))
        outputs.append(json.loads((config / "config.json").read_text()))  # type: ignore[arg-type]
    return outputs


@pytest.mark.parametrize("setting", [
    {"auths": {"other.example": {"auth": "eDp5"}}, "psFormat": "table {{.ID}}", "detachKeys": "ctrl-x"},
    {"credsStore": "pydocktest", "auths": {"other.example": {"auth": "eDp5"}}},
    {"credHelpers": {AUTH_REGISTRY: "pydocktest"}},
], ids=["file", "credsStore", "credHelpers"])
def test_login_and_logout_leave_what_docker_leaves(tmp_path, helper, setting):
    """The same config file, output and helper calls as docker 28.2.2's login and logout."""
    if not os.path.exists(ENGINE29):
        if os.environ.get("CI"):
            pytest.fail(f"the reference Docker Engine 29 ({ENGINE29}) is needed under CI")
        pytest.skip("the reference Docker Engine 29 is not running")
    env, creds = helper
    results = {}
    for tool in ("docker", "pydock"):
        config = tmp_path / tool
        config.mkdir()
        (config / "config.json").write_text(json.dumps(setting))
        (config / "config.json").chmod(0o600)
        if tool == "docker":
            results[tool] = _docker_login_logout(config, env)
        else:
            results[tool] = []
            for argv in (["login", "-u", USER, "-p", PASSWORD, AUTH_REGISTRY], ["logout", AUTH_REGISTRY]):
                out = pydock("--config", str(config), *argv, env=env)
                results[tool] += [(out.returncode, out.stdout, out.stderr.replace(str(config), "CONFIG")),
                                  json.loads((config / "config.json").read_text())]
        assert stat.S_IMODE((config / "config.json").stat().st_mode) == 0o600
        assert sorted(os.listdir(config)) == ["config.json"]
        assert not json.loads(creds.read_text() if creds.exists() else "{}")  # logout erased what login stored
    assert results["pydock"] == results["docker"]
