"""Issue 15, the ctr backend: how it is chosen, what it translates docker's verbs to, and what it refuses in
docker's voice. The real pydock runs with --dry-run (nothing reaches containerd) or on a PATH built of real
executables (the choice looks on PATH, as running the backend does)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys

import pytest

from shim.backends import Context, chosen_backend
from shim.backends.ctr import common, registry_auth, state
from shim.plan import PREPARE, Result
from tests.conftest import ROOT, pydock

CTR = shutil.which("ctr") or "/usr/bin/ctr"
NERDCTL = shutil.which("nerdctl")


def ctr(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return pydock("--backend", "ctr", *argv, env={"CONTAINERD_NAMESPACE": "pydock-ctr-unit", **(env or {})})


def _path_of(tmp_path, *programs: str) -> str:
    """A PATH of one folder holding links to these real programs."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for program in programs:
        (folder / os.path.basename(program)).symlink_to(program)
    return str(folder)


@pytest.mark.parametrize(("found", "chosen"), [
    (("nerdctl", "ctr"), "nerdctl"),
    (("ctr",), "ctr"),
    ((), "nerdctl"),  # neither: nerdctl, whose absence make_context reports with the offer to install
])
def test_auto_prefers_nerdctl_then_ctr(tmp_path, monkeypatch, found, chosen):
    from shim import backends

    if "nerdctl" in found and not NERDCTL:
        pytest.skip("nerdctl is not installed here")
    programs = [{"nerdctl": NERDCTL, "ctr": CTR}[p] for p in found]
    monkeypatch.setenv("PATH", _path_of(tmp_path, *programs))
    monkeypatch.delenv("PYDOCK_BACKEND", raising=False)
    monkeypatch.delenv("PYDOCK_NERDCTL", raising=False)
    monkeypatch.delenv("PYDOCK_CTR", raising=False)
    monkeypatch.setattr(backends, "_FOUND", {})
    name, why = chosen_backend(None)
    assert name == chosen and why.startswith("auto: ")
    monkeypatch.setenv("PYDOCK_BACKEND", "ctr")
    assert chosen_backend(None) == ("ctr", "PYDOCK_BACKEND")
    assert chosen_backend("nerdctl") == ("nerdctl", "--backend")


def test_debug_and_doctor_say_which_backend_and_why(tmp_path):
    bin_dir = _path_of(tmp_path, CTR)
    env = {"PATH": bin_dir, "PYDOCK_DEBUG": "1", "PYDOCK_BACKEND": "", "CONTAINERD_NAMESPACE": "pydock-ctr-unit"}
    out = pydock("--dry-run", "images", env=env)
    assert out.stdout == "ctr --namespace=pydock-ctr-unit images ls\n"
    assert out.stderr == "pydock: backend ctr (auto: nerdctl not found, ctr found)\n"
    doctor = subprocess.run([sys.executable, "-m", "shim", "doctor"],
                            capture_output=True, text=True, env={**os.environ, **env}, cwd=ROOT, check=False)
    assert "backend: ctr (auto: nerdctl not found, ctr found: ctr, containerd's own client" in doctor.stdout
    assert "warn nerdctl: not found on PATH" in doctor.stdout  # optional when ctr drives containerd


def test_unknown_backend_names_the_known_ones():
    out = pydock("--backend", "podman", "ps")
    assert out.returncode == 1 and out.stderr == 'pydock: unknown backend "podman" (known: nerdctl, ctr, auto)\n'


@pytest.mark.parametrize(("argv", "commands"), [
    (["pull", "busybox"], ["ctr --namespace=pydock-ctr-unit images pull docker.io/library/busybox:latest"]),
    (["pull", "--platform", "linux/arm64", "127.0.0.1:5000/a/b:1"],
     ["ctr --namespace=pydock-ctr-unit images pull --plain-http --platform=linux/arm64 127.0.0.1:5000/a/b:1"]),
    (["tag", "busybox", "me/app"],
     ["ctr --namespace=pydock-ctr-unit images tag --force '<SOURCE>' docker.io/me/app:latest"]),
    (["push", "localhost:5000/app"],
     ["ctr --namespace=pydock-ctr-unit images push --plain-http localhost:5000/app:latest"]),
    (["rmi", "busybox"], ["ctr --namespace=pydock-ctr-unit images rm '<NAME>…'"]),
    (["save", "-o", "x.tar", "busybox"], ["ctr --namespace=pydock-ctr-unit images export --local x.tar '<NAME>…'"]),
    (["load", "-i", "x.tar"], ["ctr --namespace=pydock-ctr-unit images import x.tar"]),
    (["--namespace", "k8s.io", "-H", "unix:///run/c.sock", "images"],
     ["ctr --address=/run/c.sock --namespace=k8s.io images ls"]),
    (["ps", "-a"], ["ctr --namespace=pydock-ctr-unit containers ls"]),
])
def test_image_verbs_translate_to_ctr_with_full_names(argv, commands):
    out = ctr("--dry-run", *argv)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == commands


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["exec", "--privileged", "x", "true"], 125, "unsupported flag: --privileged is not supported by pydock's ctr "),
    (["network", "ls"], 1, "docker: 'docker network ls' is not supported by pydock's ctr backend: ctr has no networks"),
    (["volume", "ls"], 1, "docker: 'docker volume ls' is not supported by pydock's ctr backend: ctr has no volumes\n"),
    (["build", "."], 1, "docker: 'docker build' is not supported by pydock's ctr backend: ctr cannot build images"),
    (["ps", "--size"], 125, "unsupported flag: --size is not supported by pydock's ctr backend: "),
    (["pull", "-a", "busybox"], 125, "unsupported flag: --all-tags is not supported by pydock's ctr backend"),
    (["--tls", "images"], 125, "unsupported flag: --tls is not supported by pydock's"),
])
def test_what_ctr_lacks_is_refused_in_dockers_voice(argv, code, message):
    out = ctr(*argv)
    assert (out.returncode, out.stdout) == (code, "")
    assert out.stderr.startswith(message)


def test_the_nerdctl_backend_is_not_loaded_for_ctr():
    probe = ("import sys\nfrom shim import cli\ncli.main(['--backend', 'ctr', '--dry-run', 'pull', 'busybox'])\n"
             "print(sorted(m for m in sys.modules if 'nerdctl' in m or m in ('typer', 'rich')), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stderr.strip() == "[]"


def test_registry_flags_plain_http_for_localhost_and_credentials_in_a_private_hosts_folder(tmp_path):
    """Credentials never reach ctr's command line: they go into containerd's hosts.toml in this call's private
    folder (0700, the file 0600), written just before the command and removed after it."""
    scratch = str(tmp_path / ".pydock-1")
    assert registry_auth.registry_flags("docker.io/library/busybox:latest", str(tmp_path), scratch) == []
    assert registry_auth.registry_flags("127.0.0.1:5000/a:1", str(tmp_path), scratch) == ["--plain-http"]
    auth = base64.b64encode(b"me:s3cret-pass").decode()
    (tmp_path / "config.json").write_text(json.dumps({"auths": {
        "reg.example:5000": {"auth": auth}, "https://index.docker.io/v1/": {"auth": auth},
        "127.0.0.1:5001": {"auth": 'x"\n[host]'}}}))  # not base64: never written into the file
    flags = registry_auth.registry_flags("reg.example:5000/a:1", str(tmp_path), scratch)
    assert flags == [f"--hosts-dir={scratch}-hosts"]
    assert registry_auth.registry_flags("127.0.0.1:5001/a:1", str(tmp_path), scratch) == ["--plain-http"]
    plan = common.plan(["ctr", "images", "pull", *flags, "reg.example:5000/a:1"], Context("ctr", "ctr"))
    assert plan.mode == PREPARE and plan.later == (["ctr", "images", "pull", *flags, "reg.example:5000/a:1"],)
    pull = plan.then(Result(0))
    assert pull.argv[-1] == "reg.example:5000/a:1" and f"{scratch}-hosts" in pull.cleanup
    written = tmp_path / ".pydock-1-hosts" / "reg.example:5000" / "hosts.toml"
    assert (written.stat().st_mode & 0o777, written.parent.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    assert written.read_text() == (
        'server = "https://reg.example:5000"\n\n[host."https://reg.example:5000"]\n'
        '  capabilities = ["pull", "resolve", "push"]\n  [host."https://reg.example:5000".header]\n'
        f'    Authorization = "Basic {auth}"\n')
    assert "s3cret" not in " ".join(pull.argv)
    assert registry_auth.hosts_toml("docker.io", auth, False).startswith('server = "https://registry-1.docker.io"')


def test_image_dates_and_chain_ids():
    assert state._epoch("1970-01-01T00:01:00.123456789Z") == 60.0
    assert state._epoch("2024-01-01T00:00:00Z") == 1704067200.0
    assert state._epoch("") == 0.0
    a, b = "sha256:" + "a" * 64, "sha256:" + "b" * 64
    chain = state._chain([a, b])
    assert chain[0] == a and len(chain[1]) == 71 and chain[1] != b


def test_ctr_version_sections_become_dockers_server_facts():
    from shim.backends.ctr.system import sections, server_facts

    text = "Client:\n  Version:  2.3.3\n  Revision: abc\n  Go version: go1.26\n\nServer:\n  Version:  2.3.3\n" \
           "  Revision: def\n  UUID: 75ff\n"
    found = sections(text)
    assert found["Client"]["Go version"] == "go1.26" and found["Server"]["UUID"] == "75ff"
    facts = server_facts(found)
    assert (facts["version"], facts["git_commit"]) == ("2.3.3", "def")
    assert [c[0] for c in facts["components"]] == ["containerd", "ctr"]


# ctr's import display off a terminal (containerd v2.3.3): every refresh prints the whole display again, names
# with `-` as spaces and cut at 40 characters; only the last frame counts.
IMPORT_DISPLAY = (
    "docker.io/a very long name with many das\tsaved\t\n"
    "application/vnd.oci.image.manifest.v1+json sha256:" + "9a" * 32 + "\n"
    "Importing\telapsed: 0.7 s\ttotal:   0.0 B\t(0.0 B/s)\t\n"
    "docker.io/a very long name with many das\tsaved\t\n"
    "docker.io/library/pydock bk load:abc    \tsaved\t\n"
    "application/vnd.oci.image.manifest.v1+json sha256:" + "9a" * 32 + "\n"
    "application/vnd.oci.image.manifest.v1+json sha256:" + "9a" * 32 + "\n"
    "Importing\telapsed: 0.7 s\ttotal:   0.0 B\t(0.0 B/s)\t\n")


def test_load_reads_the_names_of_ctrs_last_display_frame():
    from shim.backends.ctr.images import ctr_display_name, last_frame

    shown, digests = last_frame(IMPORT_DISPLAY)
    assert shown == ["docker.io/a very long name with many das", "docker.io/library/pydock bk load:abc"]
    assert digests == {"sha256:" + "9a" * 32}
    long_name = "docker.io/a-very-long-name-with-many-dashes-in-it/and-a-path:tag-1"
    assert [ctr_display_name(n) for n in (long_name, "docker.io/library/pydock-bk-load:abc")] == shown
    assert ctr_display_name("import-2026-12-03@sha256:" + "ab" * 32) == "import 2026 12 03@sha256:" + "ab" * 7 + "a"


def test_the_container_forms_of_translated_verbs_are_translated_too():
    from shim.backends.ctr.support import FLAGS, handling, lacking

    for path in ("container create", "container start", "container kill", "container pause", "container unpause"):
        assert lacking(path) == "", path
        assert handling(path, "name" if path.endswith("create") else "signal") == \
            handling(path.split()[1], "name" if path.endswith("create") else "signal")
    assert handling("container create", "publish")[0] == handling("create", "publish")[0]
    assert lacking("network create") == "ctr has no networks of its own (CNI is set up by nerdctl)"
    assert "network create" not in FLAGS and lacking("container prune")
