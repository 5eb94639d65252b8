"""docker's contexts: each scenario runs the same command lines, in a fresh config folder each, through pydock and
through the docker CLI 28.2.2 (context commands are client-side: no daemon is needed), and compares every line's
stdout, stderr and exit code, then the files left in the context store and config.json. pydock's default context
reaches containerd, docker's its own socket: that one address is the only thing set alike before comparing.
Then pydock and docker take turns on one store, and pydock's own context fields reach the call they configure."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DOCKER_CLI, PYDOCK

needs_docker = pytest.mark.skipif(not DOCKER_CLI and not os.environ.get("CI"), reason="the docker CLI is not installed")

S = "unix:///run/contexts-test.sock"
# name → lines; a line is argv, optionally with an environment to add ({"DOCKER_HOST": …}) and a file for stdin
SCENARIOS: dict[str, list] = {
    "create and list": [
        ["context", "ls"],
        ["context", "create", "a1", "--docker", f"host={S}", "--description", "hello"],
        ["context", "create", "a1", "--docker", f"host={S}"],
        ["context", "create", "a2"],
        ["context", "create", "a3", "--docker", "host=ssh://me@h1:22"],
        ["context", "create", "a4", "--docker", "host=tcp://h:2376,skip-tls-verify=true"],
        ["context", "create", "a.b_c+d-e", "--docker", "host=unix:///x,b"],
        ["context", "create", "a5", "--docker", "host=", "--description", ""],
        ["context", "create", "a9", "--from", "a1"],
        ["context", "create", "a10", "--docker", "from=a3"],
        ["context", "create", "a11", "--from", "a1", "--description", "other"],
        ["context", "create", "a12", "--docker", f"host={S}", "--docker", "skip-tls-verify=1"],
        ["context", "ls"],
        ["context", "ls", "-q"],
        ["context", "list", "--format", "json"],
        ["context", "ls", "--format", "{{.Name}} {{.Current}} {{.DockerEndpoint}} {{json .}}"],
        ["context", "ls", "--format", "table {{.Name}}\t{{.Description}}"],
        ["context", "ls", "--format", "table"],
        ["context", "ls", "-q", "--format", "json"],
        ["context", "ls", "--format", "{{.Nope}}"],
        ["context", "ls", "--format", "{{"],
    ],
    "bad input": [
        ["context", "create", ""],
        ["context", "create", "a"],
        ["context", "create", ".ab"],
        ["context", "create", "é1"],
        ["context", "create", "a/b"],
        ["context", "create", "default"],
        ["context", "create", "b1", "--docker", "nohost=1"],
        ["context", "create", "b1", "--docker", "HOST=unix:///x"],
        ["context", "create", "b1", "--docker", "nothing"],
        ["context", "create", "b1", "--docker", "host=unix:///a,x,skip-tls-verify=1"],
        ["context", "create", "b1", "--docker", 'host="unix:///a",skip-tls-verify=1'],
        ["context", "create", "b1", "--docker", "host=unix:///x,skip-tls-verify=maybe"],
        ["context", "create", "b1", "--docker", "host=unix:///x,ca=/nonexistent/ca.pem"],
        ["context", "create", "b1", "--from", "nope"],
        ["context", "create", "b1", "--docker", "from=nope"],
        ["context", "create", "b1", "--from", "default", "--docker", f"host={S}"],
        ["context", "create", "-x"],
        ["context", "use", "nope"],
        ["context", "use"],
        ["context", "rm", "nope"],
        ["context", "rm", "default"],
        ["context", "update", "nope", "--description", "x"],
        ["context", "update", "default", "--description", "x"],
        ["context", "export", "nope"],
        ["context", "import", "default", "/nonexistent"],
        ["context", "import", "b d", "/nonexistent"],
        ["context", "import", "b2", "/nonexistent"],
        ["context", "inspect", "nope"],
        ["context", "inspect", "--format", "{{.Nope}}"],
        ["context", "show", "extra"],
        ["context", "ls", "x"],
    ],
    "host urls": [
        ["context", "create", f"h{i}", "--docker", f"host={host}"]
        for i, host in enumerate(["tcp://", "unix://", "ssh://", "npipe:///x", "fd://", "fd://3", "/path", "h:2375",
                                  "tcp://h", "tcp://h:99999", "ssh://u@h:bad", "ssh://u@h/p", "ssh://u@h?x=1",
                                  "ssh://h", "unix:///a:b", "tcp://h/path", " unix:///x", "tcp://:2375", ":2375",
                                  "unix://relative", "tcp://[::1]:2375", "ssh://u:pw@h", "tcp://h h", "tcp://h%zz",
                                  "ssh://h#frag", "foo://bar", "unix:///" + "x" * 120])
    ] + [["context", "ls", "-q"]],
    "use, show, rm": [
        ["context", "create", "u1", "--docker", f"host={S}"],
        ["context", "create", "u2", "--docker", "host=ssh://u@h"],
        ["context", "use", "u1"],
        ["context", "show"],
        ["context", "ls"],
        ["context", "inspect"],
        ["context", "rm", "u1"],
        ["context", "use", "u2", {"DOCKER_HOST": S}],
        ["context", "show", {"DOCKER_HOST": S}],
        ["context", "ls", {"DOCKER_HOST": S}],
        ["context", "show", {"DOCKER_CONTEXT": "u1"}],
        ["context", "show", {"DOCKER_CONTEXT": "u1", "DOCKER_HOST": S}],
        ["--context", "u1", "context", "show", {"DOCKER_HOST": S}],
        ["-c", "nope", "context", "show"],
        ["--context", "u1", "-H", S, "context", "show"],
        ["-H", S, "context", "show"],
        ["context", "ls", "-q", {"DOCKER_CONTEXT": "nope"}],
        ["context", "ls", {"DOCKER_CONTEXT": "nope"}],
        ["context", "ls", "--format", "json", {"DOCKER_CONTEXT": "nope"}],
        ["context", "inspect", {"DOCKER_CONTEXT": "nope"}],
        ["--context", "nope", "ps"],
        ["ps", {"DOCKER_CONTEXT": "nope"}],
        ["context", "rm", "u1", "nope", "default", "u2"],
        ["context", "rm", "-f", "u2"],
        ["context", "show"],
        ["context", "use", "default"],
    ],
    "inspect and update": [
        ["context", "create", "k3", "--docker", f"host={S}", "--docker", "skip-tls-verify=1", "--description", "d"],
        ["context", "inspect", "k3", "default", "nope"],
        ["context", "inspect", "-f", "{{.Name}} {{json .Endpoints}} {{json .Metadata}} {{.Metadata.Metadata}}", "k3"],
        ["context", "inspect", "--format", "json", "k3"],
        ["context", "inspect", "-f", "{{.Storage}} {{.TLSMaterial}} {{.Endpoints.docker}}", "default"],
        ["context", "update", "k3", "--description", "new"],
        ["context", "update", "k3", "--description", ""],
        ["context", "update", "k3", "--docker", "host=ssh://u@h"],
        ["context", "update", "k3", "--docker", "host=foo"],
        ["context", "update", "k3", "--docker", "skip-tls-verify=true"],
        ["context", "update", "k3"],
        ["context", "inspect", "k3"],
    ],
    "export and import": [
        ["context", "create", "e1", "--docker", "host=ssh://u@h", "--description", "<&>"],
        ["context", "export", "e1", "{dir}/e1.tar"],
        ["context", "export", "e1", "{dir}/e1.tar"],
        ["context", "export", "e1", "/nonexistent/dir/x"],
        ["context", "import", "e2", "{dir}/e1.tar"],
        ["context", "import", "e2", "{dir}/e1.tar"],
        ["context", "import", "e3", "-", "{dir}/e1.tar"],
        ["context", "import", "e4", "-", "/dev/null"],
        ["context", "inspect", "e2", "e3"],
        ["context", "export", "e1", "{dir}/e1.tar", "x"],
    ],
    "edges": [
        ["context", "create", "x1", "--from", "default", "--docker", f"host={S}"],
        ["context", "create", "", "--from", "default", "--docker", f"host={S}"],
        ["context", "create", "x1", "--docker", f"host={S}"],
        ["context", "create", "x1", "--from", "default", "--docker", f"host={S}"],
        ["context", "use", "bad name"],
        ["context", "rm", "x1", {"DOCKER_CONTEXT": "x1"}],
        ["context", "rm", "-f", "x1", {"DOCKER_CONTEXT": "x1"}],
        ["context", "create", "x2", {"DOCKER_HOST": "ssh://u@remote"}],
        ["context", "ls", {"DOCKER_HOST": "ssh://u@remote"}],
        ["-H", S, "context", "ls"],
        ["-H", S, "context", "inspect"],
        ["-H", S, "context", "export", "default", "-"],
        ["context", "use", ""],
        ["context", "export", "x2", "-"],
        ["context", "inspect", "-f", "json", "x2", "default"],
        ["context", "inspect", "-f", "{{.}}", "x2"],
        ["context", "create", "x3", "--docker", "host=unix:///x,skip-tls-verify=TRUE,host=unix:///y"],
        ["context", "create", "x4", "--docker", "host=tcp://h:1,skip-tls-verify=f"],
        ["context", "create", "9x", "--description", "a,b=c"],
        ["--context", "nope", "context", "ls"],
        ["--context", "x2", "context", "ls", {"DOCKER_HOST": S}],
        ["--context", "x2", "context", "inspect", "-f", "{{.Name}}"],
        ["--context", "nope", "context", "use", "x2"],
        ["context", "inspect", "-f", "{{.Name}}", {"DOCKER_HOST": S}],
        ["--context", "x2", "context", "rm", "x2"],
        ["context", "use", "default", {"DOCKER_HOST": S}],
        ["context", "ls"],
    ],
    "tls files": [
        ["context", "create", "t1", "--docker", "host=tcp://h:2376,ca={pem}/ca.pem,cert={pem}/cert.pem,key={pem}/key.pem"],
        ["context", "create", "t2", "--docker", "host=tcp://h:2376,cert={pem}/cert.pem"],
        ["context", "create", "t3", "--docker", "host=tcp://h:2376,ca={pem}/key.pem"],
        ["context", "create", "t4", "--docker", "host=tcp://h:2376,cert={pem}/cert.pem,key={pem}/cert.pem"],
        ["context", "create", "t5", "--docker", "host=tcp://h:2376,cert={pem}/cert.pem,key={pem}/nothing.pem"],
        ["context", "inspect", "t1", "t2"],
        ["context", "export", "t1", "{dir}/t1.tar"],
        ["context", "import", "t6", "{dir}/t1.tar"],
        ["context", "create", "t7", "--from", "t1"],
        ["context", "update", "t1", "--docker", "host=tcp://h:2377"],
        ["context", "inspect", "-f", "{{.Name}} {{.TLSMaterial}}", "t1", "t6", "t7"],
        ["context", "rm", "t6", "t7"],
    ],
}
PEM = Path("/nonexistent")  # the TLS files of "tls files", made by the pems fixture


def _run(binary: str, folder: Path, line: list) -> tuple[str, str, int]:
    env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT", "PYDOCK_DEBUG")}
    env["DOCKER_CONFIG"] = str(folder / "config")
    argv = [str(a).replace("{dir}", str(folder)).replace("{pem}", str(PEM)) for a in line if not isinstance(a, dict)]
    for extra in (a for a in line if isinstance(a, dict)):
        env.update(extra)
    stdin = None
    if argv[:2] == ["context", "import"] and len(argv) == 5:  # the last word: a file for stdin
        stdin = argv.pop()
    with open(stdin or os.devnull, "rb") as source:
        proc = subprocess.run([binary, *argv], stdin=source, capture_output=True, env=env, timeout=30,
                              check=False, cwd=folder)
    return _same(proc.stdout.decode(), folder), _same(proc.stderr.decode(), folder), proc.returncode


def _same(text: str, folder: Path) -> str:
    """Only what must differ made alike: the folder, and the default context's address (which shifts columns)."""
    text = text.replace(str(folder), "<DIR>").replace("unix:///run/containerd/containerd.sock",
                                                      "unix:///var/run/docker.sock")
    return re.sub(r" {2,}", "  ", text)


def _store(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted((folder / "config").rglob("*")):
        if path.is_file():
            mode = oct(path.stat().st_mode & 0o777)
            found[str(path.relative_to(folder))] = f"{mode} {_same(path.read_text(errors='replace'), folder)}"
    for path in sorted(folder.glob("*.tar")):
        found[path.name] = path.read_bytes().hex()
    return found


@pytest.fixture(scope="module")
def pems(tmp_path_factory) -> Path:
    """A key and a self-signed certificate (openssl), the certificate serving as CA too; a file with no PEM."""
    folder = tmp_path_factory.mktemp("pems")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(folder / "key.pem"),
                           "-out", str(folder / "cert.pem"), "-days", "2", "-subj", "/CN=contexts-test"],
                          capture_output=True, check=False)
    assert made.returncode == 0, made.stderr
    (folder / "ca.pem").write_bytes((folder / "cert.pem").read_bytes())
    (folder / "nothing.pem").write_text("no pem here\n")
    return folder


@needs_docker
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_matches_docker(name, tmp_path, pems, monkeypatch):
    monkeypatch.setattr(f"{__name__}.PEM", pems)
    mine, theirs = tmp_path / "pydock", tmp_path / "docker"
    for folder in (mine, theirs):
        folder.mkdir()
    for line in SCENARIOS[name]:
        assert _run(PYDOCK, mine, line) == _run(DOCKER_CLI, theirs, line), line
    assert _store(mine) == _store(theirs)


def _run_plain(binary: str, config: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT", "PYDOCK_DEBUG")}
    full.update(DOCKER_CONFIG=str(config), **env)
    return subprocess.run([binary, *argv], capture_output=True, text=True, env=full, timeout=30, check=False)


@needs_docker
def test_docker_and_pydock_share_a_store(tmp_path):
    """pydock's own fields ride in an endpoint docker keeps: through docker's update, --from, export and import."""
    run = _run_plain
    made = run(PYDOCK, tmp_path, "context", "create", "web1", "--docker", "host=ssh://deploy@web1",
               "--pydock", "namespace=k8s.io,socket=/run/k3s/containerd/containerd.sock")
    assert made.returncode == 0, made.stderr
    assert run(DOCKER_CLI, tmp_path, "context", "update", "web1", "--description", "d").returncode == 0
    assert run(DOCKER_CLI, tmp_path, "context", "create", "web2", "--from", "web1").returncode == 0
    assert run(DOCKER_CLI, tmp_path, "context", "use", "web2").returncode == 0
    shown = run(PYDOCK, tmp_path, "context", "inspect", "-f", "{{json .Endpoints.pydock}} {{.Metadata.Metadata}}")
    assert shown.stdout == '{"Namespace":"k8s.io","Socket":"/run/k3s/containerd/containerd.sock"} {d map[]}\n'
    assert run(DOCKER_CLI, tmp_path, "context", "ls", "-q").stdout == run(PYDOCK, tmp_path, "context", "ls", "-q").stdout
    exported = run(DOCKER_CLI, tmp_path, "context", "export", "web2", str(tmp_path / "w.tar"))
    assert exported.returncode == 0, exported.stderr
    assert run(PYDOCK, tmp_path, "context", "import", "web3", str(tmp_path / "w.tar")).returncode == 0
    both = [run(b, tmp_path, "context", "inspect", "web3").stdout for b in (PYDOCK, DOCKER_CLI)]
    assert both[0] == both[1] and '"Namespace": "k8s.io"' in both[0]
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["currentContext"] == "web2"


def test_config_json_keeps_other_keys(tmp_path):
    (tmp_path / "config.json").write_text('{"psFormat": "{{.ID}}", "auths": {"r.example": {"auth": "eDp5"}}}')
    os.chmod(tmp_path / "config.json", 0o644)
    assert _run_plain(PYDOCK, tmp_path, "context", "create", "c1", "--docker", f"host={S}").returncode == 0
    assert _run_plain(PYDOCK, tmp_path, "context", "use", "c1").returncode == 0
    text = (tmp_path / "config.json").read_text()
    assert text == ('{\n\t"psFormat": "{{.ID}}",\n\t"auths": {\n\t\t"r.example": {\n\t\t\t"auth": "eDp5"\n\t\t}\n\t},'
                    '\n\t"currentContext": "c1"\n}')
    assert (tmp_path / "config.json").stat().st_mode & 0o777 == 0o644
    assert _run_plain(PYDOCK, tmp_path, "context", "use", "default").returncode == 0
    assert "currentContext" not in json.loads((tmp_path / "config.json").read_text())


def test_new_config_json_is_private(tmp_path):
    assert _run_plain(PYDOCK, tmp_path, "context", "create", "c1", "--docker", f"host={S}").returncode == 0
    assert _run_plain(PYDOCK, tmp_path, "context", "use", "c1").returncode == 0
    assert (tmp_path / "config.json").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("how", "expected"), [
    ({"DOCKER_CONTEXT": "c1"}, "--namespace=c1ns --address=/run/pydock-c1.sock"),
    ({"DOCKER_CONTEXT": "c1", "CONTAINERD_NAMESPACE": "env"}, "--namespace=c1ns --address=/run/pydock-c1.sock"),
    ({"DOCKER_CONTEXT": "c2"}, "--address=/run/pydock-c2.sock"),  # no namespace of its own: nerdctl's (env) one
    ({"DOCKER_CONTEXT": "c1", "DOCKER_HOST": "unix:///run/h.sock"}, "--address=/run/h.sock"),
    ({}, "--address=/run/pydock-c2.sock"),  # config.json's currentContext
])
def test_a_context_sets_address_and_namespace(tmp_path, how, expected):
    """A unix:// context is pydock's containerd socket at that path, with the namespace of pydock's fields."""
    run = _run_plain
    assert run(PYDOCK, tmp_path, "context", "create", "c1", "--docker", "host=unix:///run/pydock-c1.sock",
               "--pydock", "namespace=c1ns").returncode == 0
    assert run(PYDOCK, tmp_path, "context", "create", "c2", "--docker", "host=unix:///run/pydock-c2.sock").returncode == 0
    assert run(PYDOCK, tmp_path, "context", "use", "c2").returncode == 0
    shown = run(PYDOCK, tmp_path, "--dry-run", "ps", **how)
    assert shown.returncode == 0, shown.stderr
    first = shown.stdout.splitlines()[0].split()
    assert " ".join(w for w in first if w.startswith(("--address=", "--namespace="))) == expected, shown.stdout


def test_an_ssh_context_goes_through_ssh_when_used(tmp_path):
    run = _run_plain  # the ssh transport itself: tests/integration/test_ssh_transport.py, on a real sshd
    assert run(PYDOCK, tmp_path, "context", "create", "r1", "--docker", "host=ssh://u@h.invalid").returncode == 0
    used = run(PYDOCK, tmp_path, "--context", "r1", "ps")
    assert used.returncode == 1
    assert used.stderr.startswith("error during connect: ssh ssh://u@h.invalid: exit status 255: ssh: "), used.stderr
    assert run(PYDOCK, tmp_path, "--context", "r1", "context", "show").stdout == "r1\n"


def test_doctor_checks_a_context(tmp_path):
    run = _run_plain
    # an ssh context is checked on the remote (shim/install/doctor_remote.py): here one ssh cannot reach
    assert run(PYDOCK, tmp_path, "context", "create", "r1", "--docker", "host=ssh://u@127.0.0.1:1").returncode == 0
    remote = run(PYDOCK, tmp_path, "doctor", "--context", "r1")
    assert remote.returncode == 1
    assert remote.stdout.startswith("FAIL ssh: cannot reach ssh://u@127.0.0.1:1 (exit status 255): "), remote.stdout
    unknown = run(PYDOCK, tmp_path, "doctor", "--context", "nope")
    assert (unknown.returncode, unknown.stderr) == (1, "Failed to initialize: unable to resolve docker endpoint: "
                                                    + _same_path(tmp_path, "nope"))


def _same_path(folder: Path, name: str) -> str:
    import hashlib

    digest = hashlib.sha256(name.encode()).hexdigest()
    return (f'context "{name}": context not found: open {folder}/contexts/meta/{digest}/meta.json: '
            "no such file or directory\n")


@pytest.mark.parametrize("config", ['{"auths": {}}', '{"auths": {}, "currentContext": "default"}', None])
def test_a_call_naming_no_context_reads_only_config_json(tmp_path, config):
    """The hot path: with no context in use, resolving it reads config.json and imports nothing more (no json)."""
    import sys

    if config is not None:
        (tmp_path / "config.json").write_text(config)
    probe = ("import sys\nfrom shim import cli\nimport io, contextlib\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n    cli.main(['--dry-run', 'run', '--rm', 'busybox'])\n"
             "print(sorted(m for m in ('json', 're', 'hashlib', 'shim.contexts', 'shim.context_store', 'shim.context_endpoint') if m in sys.modules))")
    env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**env, "DOCKER_CONFIG": str(tmp_path)})
    assert out.stdout.splitlines()[-1] == "[]", out.stdout + out.stderr


def test_a_call_in_a_context_loads_neither_json_nor_re(tmp_path):
    """A context in use costs its meta.json, read by CPython's C scanner: json's import would load re (~10 ms)."""
    import sys

    assert _run_plain(PYDOCK, tmp_path, "context", "create", "h1", "--docker", f"host={S}").returncode == 0
    assert _run_plain(PYDOCK, tmp_path, "context", "use", "h1").returncode == 0
    probe = ("import sys\nfrom shim import cli\nimport io, contextlib\nout = io.StringIO()\n"
             "with contextlib.redirect_stdout(out):\n    cli.main(['--dry-run', 'stop', 'c'])\n"
             "print(sorted(m for m in ('json', 're', 'hashlib') if m in sys.modules), out.getvalue().split()[1])")
    env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**env, "DOCKER_CONFIG": str(tmp_path)})
    assert out.stdout.splitlines()[-1] == "[] --address=/run/contexts-test.sock", out.stdout + out.stderr


def test_completion_offers_context_names(tmp_path):
    """Tab after --context, `context use` …: names from docker's store; a remote current context offers no object
    names (nothing reaches it yet) rather than the local ones."""
    for name, host in (("n1", S), ("n2", "ssh://u@h")):
        assert _run_plain(PYDOCK, tmp_path, "context", "create", name, "--docker", f"host={host}").returncode == 0
    assert _run_plain(PYDOCK, tmp_path, "__complete", "", "context").stdout == "default\nn1\nn2\n"
    remote = _run_plain(PYDOCK, tmp_path, "__complete", "", "image", "container", DOCKER_CONTEXT="n2")
    assert (remote.returncode, remote.stdout, remote.stderr) == (0, "", "")


def test_a_description_that_is_no_utf8_is_stored_as_docker_stores_it(tmp_path):
    """Go's json.Marshal writes U+FFFD for bytes that are no UTF-8 (the fuzz found pydock failing on them)."""
    description = os.fsdecode(b"a\xffb")
    made = _run_plain(PYDOCK, tmp_path, "context", "create", "bytes", "--description", description)
    assert made.returncode == 0, made.stderr
    (meta,) = (tmp_path / "contexts" / "meta").glob("*/meta.json")
    assert b'"Description":"a\xef\xbf\xbdb"' in meta.read_bytes()
