"""Issue 15: the logs of containers the ctr backend runs with -d are docker's json-file lines in nerdctl's layout,
written by pydock's logger (shim/ctr_logger.py) through containerd's binary:// log URI. pydock reads them with
docker's options, nerdctl reads them as its own, and `run -d --rm` removes the container when it ends. nerdctl is
hidden from pydock's PATH (a Kubernetes node has containerd and ctr only); a namespace of these tests' own."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.integration.ctr_node import node_path, runner

NS = "ctrlogs-test"
CTR = shutil.which("ctr") or "/usr/local/bin/ctr"
NERDCTL = shutil.which("nerdctl") or "/usr/local/bin/nerdctl"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z"


@pytest.fixture(scope="module")
def on_ctr(tmp_path_factory):
    """pydock with a PATH that has ctr but no nerdctl, as on a Kubernetes node."""
    return runner(node_path(tmp_path_factory.mktemp("node-bin")), NS)


@pytest.fixture(scope="module")
def busybox(stack, image_archive, on_ctr):
    on_ctr("load", "-i", str(image_archive), check=True)
    yield "busybox"
    names = subprocess.run([CTR, "-n", NS, "images", "ls", "-q"], capture_output=True, text=True, check=False)
    if names.stdout.split():
        subprocess.run([CTR, "-n", NS, "images", "rm", *names.stdout.split()], capture_output=True, check=False)


@pytest.fixture
def names(on_ctr):
    made: list[str] = []

    def make(prefix: str = "c") -> str:
        made.append(f"ctrlogs-{prefix}-{uuid.uuid4().hex[:8]}")
        return made[-1]

    yield make
    if made:
        on_ctr("rm", "-f", *made)


def labels_of(cid: str) -> dict[str, str]:
    info = subprocess.run([CTR, "-n", NS, "containers", "info", cid], capture_output=True, text=True, check=True)
    return json.loads(info.stdout)["Labels"]


def trimmed(text: str) -> str:
    return re.sub(r"(\.\d*?)0+Z", lambda m: m.group(1).rstrip(".") + "Z", text)


def nerdctl(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NERDCTL, "-n", NS, *argv], capture_output=True, text=True, timeout=30, check=False)


def test_detached_output_is_dockers_json_file_in_nerdctls_layout(on_ctr, busybox, names):
    name = names("layout")
    cid = on_ctr("run", "-d", "--name", name, busybox, "sh", "-c",
                 "echo two >&2; sleep 0.5; echo one; printf 'a<&>\\n'; printf partial", check=True).stdout.strip()
    followed = on_ctr("logs", "-f", name, timeout=30)  # ends once the logger has written the last line
    assert (followed.returncode, followed.stdout, followed.stderr) == (0, "one\na<&>\npartial", "two\n")
    labels = labels_of(cid)
    state = labels["nerdctl/state-dir"]
    assert state.endswith(f"/containers/{NS}/{cid}") and labels["nerdctl/namespace"] == NS
    assert json.loads(labels["nerdctl/log-config"])["driver"] == "json-file"
    assert labels["nerdctl/log-uri"].startswith("binary:///") and "ctr_logger.py=" in labels["nerdctl/log-uri"]
    with open(os.path.join(state, f"{cid}-json.log"), encoding="utf-8") as f:
        entries = [json.loads(line) for line in f]
    # each stream in its order (between the two, the order the logger read them in)
    assert [e["log"] for e in entries if e["stream"] == "stdout"] == ["one\n", "a<&>\n", "partial"]
    assert [e["log"] for e in entries if e["stream"] == "stderr"] == ["two\n"]
    assert all(re.fullmatch(STAMP, e["time"]) for e in entries)
    assert os.path.exists(os.path.join(state, "log-config.json"))
    stamped = on_ctr("logs", "-t", name)
    assert re.fullmatch(f"{STAMP} one\n{STAMP} a<&>\n{STAMP} partial", stamped.stdout), stamped.stdout
    assert re.fullmatch(f"{STAMP} two\n", stamped.stderr)
    assert on_ctr("logs", "--tail", "2", name).stdout == "a<&>\npartial"
    assert on_ctr("logs", "--tail", "0", name).stdout == ""
    assert on_ctr("logs", "--details", "--tail", "1", name).stdout == " partial"  # no attributes, then a space
    # removing the container releases its state folder, log and all
    assert on_ctr("rm", name).returncode == 0
    assert not os.path.exists(state)


def test_nerdctl_reads_the_log_as_its_own(on_ctr, busybox, names):
    name = names("interop")
    on_ctr("run", "-d", "--name", name, busybox, "sh", "-c", "echo out; echo err >&2; sleep 1; echo late",
           check=True)
    followed = nerdctl("logs", "-f", name)  # nerdctl waits for the logger's lock too
    assert (followed.returncode, followed.stdout, followed.stderr) == (0, "out\nlate\n", "err\n")
    for argv in (["logs"], ["logs", "-t"], ["logs", "--tail", "1"]):
        ours, theirs = on_ctr(*argv, name), nerdctl(*argv, name)
        # nerdctl's -t drops a time's trailing zeros (Go's RFC3339Nano); docker's, and pydock's, keep nine digits
        assert (trimmed(ours.stdout), trimmed(ours.stderr)) == (theirs.stdout, theirs.stderr), argv


def test_since_and_until_choose_entries_by_their_time(on_ctr, busybox, names):
    name = names("times")
    on_ctr("run", "-d", "--name", name, busybox, "sh", "-c", "echo early; sleep 2; echo late", check=True)
    on_ctr("logs", "-f", name, timeout=30)
    stamps = re.findall(STAMP, on_ctr("logs", "-t", name).stdout)
    assert len(stamps) == 2
    between = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - 1)) + "Z"
    assert on_ctr("logs", "--since", between, name).stdout == "late\n"
    assert on_ctr("logs", "--until", between, name).stdout == "early\n"
    assert on_ctr("logs", "--since", stamps[1], name).stdout == "late\n"  # inclusive, as docker's
    assert on_ctr("logs", "--since", "1h", name).stdout == "early\nlate\n"
    assert on_ctr("logs", "--until", "2000-01-01", name).stdout == ""
    bad = on_ctr("logs", "--since", "xyz", name)
    assert (bad.returncode, bad.stdout, bad.stderr) == (
        1, "", 'invalid value for "since": failed to parse value as time or duration: "xyz"\n')


def test_follow_prints_lines_as_they_come(on_ctr, busybox, names):
    name = names("follow")
    on_ctr("run", "-d", "--name", name, busybox, "sh", "-c", "echo first; sleep 3; echo second", check=True)
    env = {**os.environ, "CONTAINERD_NAMESPACE": NS}
    pydock_bin = os.path.join(os.path.dirname(sys.executable), "pydock")
    with subprocess.Popen([pydock_bin, "--backend", "ctr", "logs", "-f", name], stdout=subprocess.PIPE,
                          env=env) as follower:
        try:
            assert follower.stdout is not None
            started = time.monotonic()
            assert follower.stdout.readline() == b"first\n"
            assert follower.poll() is None and time.monotonic() - started < 2.5  # still following
            assert follower.stdout.readline() == b"second\n"
            assert follower.wait(timeout=15) == 0
        finally:
            follower.kill()


def test_an_attached_run_keeps_its_output_on_the_terminal(on_ctr, busybox, names):
    name = names("attached")
    ran = on_ctr("run", "--name", name, busybox, "sh", "-c", "echo here")
    assert (ran.returncode, ran.stdout) == (0, "here\n")
    none = on_ctr("logs", name)
    assert none.returncode == 1 and "ctr kept no log of its output" in none.stderr


def test_run_detached_rm_removes_the_container_when_it_ends(on_ctr, busybox, names):
    name = names("autorm")
    cid = on_ctr("run", "-d", "--rm", "--name", name, busybox, "sh", "-c", "echo bye; sleep 1", check=True).stdout
    cid = cid.strip()
    assert len(cid) == 64
    state = labels_of(cid)["nerdctl/state-dir"]
    assert on_ctr("ps", "--format", "{{.Names}}").stdout.split().count(name) == 1  # running meanwhile
    assert on_ctr("logs", "-f", name).stdout == "bye\n"
    deadline = time.monotonic() + 15
    while name in on_ctr("ps", "-a", "--format", "{{.Names}}").stdout.split() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert name not in on_ctr("ps", "-a", "--format", "{{.Names}}").stdout.split()
    assert not os.path.exists(state)  # nerdctl's files of it went too
    # one that cannot start is removed at once, with docker's error
    failed = on_ctr("run", "-d", "--rm", "--name", names("autorm-bad"), busybox, "pydock-no-such-command")
    assert failed.returncode == 127 and "executable file not found" in failed.stderr
    assert "autorm-bad" not in on_ctr("ps", "-a", "--format", "{{.Names}}").stdout


def test_exec_sets_the_environment_through_containerds_api(on_ctr, busybox, names, tmp_path):
    """ctr's exec has no environment flag: pydock asks containerd (Tasks/Exec) itself, with the container's
    process spec, docker's -e/--env-file laid over the container's environment."""
    name = names("execenv")
    on_ctr("run", "-d", "--name", name, "-e", "KEEP=1", "-e", "OVER=old", busybox, "sleep", "300", check=True)
    (tmp_path / "env").write_text("FROM_FILE=yes\nOVER=file\n")
    out = on_ctr("exec", "-e", "A=1", "-e", "OVER=new", "-e", "FROM_HERE", "--env-file", str(tmp_path / "env"),
                 "-w", "/tmp", name, "sh", "-c", "echo $A $KEEP $OVER $FROM_FILE $FROM_HERE $(pwd); echo err >&2; "
                 "exit 3", env={"FROM_HERE": "here"})
    assert (out.returncode, out.stdout, out.stderr) == (3, "1 1 new yes here /tmp\n", "err\n")
    big = on_ctr("exec", "-e", "A=1", name, "sh", "-c", "yes | head -c 300000")
    assert big.returncode == 0 and len(big.stdout) == 300000
    missing = on_ctr("exec", "-e", "A=1", name, "pydock-no-such-command")
    assert missing.returncode == 127 and 'exec: "pydock-no-such-command": executable file not found' in missing.stderr
    on_ctr("exec", "-d", "-e", "A=detached", name, "sh", "-c", "echo $A > /tmp/seen", check=True)
    deadline = time.monotonic() + 10
    while on_ctr("exec", name, "cat", "/tmp/seen").stdout != "detached\n" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert on_ctr("exec", name, "cat", "/tmp/seen").stdout == "detached\n"
    # with a terminal, stdin or a user, ctr's exec runs it and the container's env sets the environment
    tty = on_ctr("exec", "-t", "-e", "A=1", "-e", "OVER=tty", name, "sh", "-c", "echo $A $KEEP $OVER; [ -t 1 ]")
    assert (tty.returncode, tty.stdout.replace("\r", "")) == (0, "1 1 tty\n")  # ctr's console: \r\r\n
    plain = on_ctr("exec", "-t", name, "sh", "-c", "echo out; exit 5")  # -t without a terminal: ctr's needs one
    assert (plain.returncode, plain.stdout.replace("\r", ""), "panic" in plain.stderr) == (5, "out\n", False)
    ran = on_ctr("run", "--rm", "-t", busybox, "sh", "-c", "[ -t 0 ] && echo tty; exit 6")
    assert (ran.returncode, ran.stdout.replace("\r", ""), "panic" in ran.stderr) == (6, "tty\n", False)
    fed = on_ctr("exec", "-i", "-e", "A=in", name, "sh", "-c", "read x; echo $A $x; exit 4", input="line\n")
    assert (fed.returncode, fed.stdout) == (4, "in line\n")
    user = on_ctr("exec", "-u", "1:2", "-e", "A=u", "-w", "/tmp", name, "sh", "-c", "echo $A $(id -u):$(id -g) $(pwd)")
    assert (user.returncode, user.stdout) == (0, "u 1:2 /tmp\n")
    argv = on_ctr("exec", "-i", "-e", "A=1", name, "printf", "[%s]", "a b", "", "$A", "x=y")
    assert argv.stdout == "[a b][][$A][x=y]"  # arguments byte for byte, none read as a setting
    gone = on_ctr("exec", "-i", "-e", "A=1", name, "pydock-no-such-command")
    assert gone.returncode == 127 and 'exec: "pydock-no-such-command": executable file not found' in gone.stderr
    on_ctr("exec", name, "sh", "-c", "printf '#!/bin/sh\\necho ok' > /tmp/a=b; chmod +x /tmp/a=b", check=True)
    assert on_ctr("exec", name, "/tmp/a=b").stdout == "ok\n"
    odd = on_ctr("exec", "-i", "-e", "A=1", name, "/tmp/a=b")  # env would take it for a setting: refused
    assert odd.returncode == 125 and "a command whose name holds '=' cannot follow env's settings" in odd.stderr
    assert on_ctr("ps", "--filter", f"name={name}", "--format", "{{.State}}").stdout == "running\n"
