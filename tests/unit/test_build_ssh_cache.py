"""Local build caches over the ssh transport (shim/backends/nerdctl/build_ssh_cache.py): which cache words name
this machine's folders and what the remote's nerdctl gets instead, what is sent, and how a cache-to folder that came
back is merged into the local one as BuildKit's local cache store merges. The builds themselves run in
tests/integration/test_ssh_build.py."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile

from shim.backends.nerdctl import build_ssh, build_ssh_cache


class _Parsed:
    def __init__(self, **values: list[str]) -> None:
        self.values = {k.replace("_", "-"): v for k, v in values.items()}

    def get(self, name: str) -> list[str] | None:
        return self.values.get(name)

    def text(self, _name: str, default: str) -> str:
        return default


def test_local_caches_name_the_build_folder_and_others_go_unchanged(tmp_path):
    (tmp_path / "from").mkdir()
    (tmp_path / "to").mkdir()
    (tmp_path / "to" / "index.json").write_text("{}")
    caches = build_ssh_cache.read(_Parsed(
        cache_from=[f"type=local,src={tmp_path / 'from'}", "reg/img", "type=local,src=/no/such", "type=registry,ref=r"],
        cache_to=[f"type=local,dest={tmp_path / 'to'},mode=max", "type=inline", f"type=local,dest={tmp_path / 'new'}"]))
    assert caches.words == {
        f"--cache-from=type=local,src={tmp_path / 'from'}": "--cache-from=type=local,src=cache-from-0",
        "--cache-from=type=local,src=/no/such": "--cache-from=type=local,src=cache-from-2",
        f"--cache-to=type=local,dest={tmp_path / 'to'},mode=max": "--cache-to=type=local,dest=cache-to-0,mode=max",
        f"--cache-to=type=local,dest={tmp_path / 'new'}": "--cache-to=type=local,dest=cache-to-2",
    }
    # the folder of cache-from (a missing one: nothing, BuildKit skips it), index.json of an existing cache-to
    assert caches.sent == [(str(tmp_path / "from"), "cache-from-0"),
                           (str(tmp_path / "to" / "index.json"), "cache-to-0/index.json")]
    assert caches.back == [("cache-to-0", str(tmp_path / "to"), False), ("cache-to-2", str(tmp_path / "new"), False)]


def test_the_remote_command_names_the_caches_in_its_folder(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "c").mkdir()

    class Ctx:
        scratch = "/run/.pydock-1"
        stdout_tty = dry_run = False

    to = f"type=local,dest={tmp_path / 'x' / 'y'},mode=max"
    parsed = _Parsed(cache_from=[f"type=local,src={tmp_path / 'c'}"], cache_to=[to])
    settings = build_ssh.settings(parsed, Ctx(), quiet=False)  # type: ignore[arg-type]
    plan = build_ssh.plan(["nerdctl", "build", f"--cache-from=type=local,src={tmp_path / 'c'}", f"--cache-to={to}",
                           str(tmp_path)], settings, env=None)
    assert plan.argv[7:] == ["nerdctl", "build", "--cache-from=type=local,src=cache-from-0",
                             "--cache-to=type=local,dest=cache-to-0,mode=max", "--iidfile=iid",
                             "--file=dockerfile/Dockerfile", "context"]
    assert plan.stdin_tap.__self__.extras == [(str(tmp_path / "c"), "cache-from-0")]
    assert (tmp_path / "x" / "y").is_dir()  # made before the build, as BuildKit's client makes it
    (tmp_path / "f").write_text("")
    settings = build_ssh.settings(_Parsed(cache_to=[f"type=local,dest={tmp_path / 'f'}"]), Ctx(),  # type: ignore[arg-type]
                                  quiet=False)
    done = build_ssh.plan(["nerdctl", "build", str(tmp_path)], settings, env=None)
    assert (done.code, done.stderr) == (1, f"ERROR: failed to build: mkdir {tmp_path / 'f'}: not a directory")


def _blob(data: bytes) -> tuple[str, bytes]:
    return "sha256:" + hashlib.sha256(data).hexdigest(), data


def _came_back(files: dict[str, bytes]) -> tarfile.TarFile:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o444
            tar.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    return tarfile.open(fileobj=buffer)


def _index(*digests: str) -> bytes:
    return json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": d} for d in digests]}).encode()


def _manifest(config: str, *layers: str) -> bytes:
    return json.dumps({"config": {"mediaType": "application/vnd.buildkit.cacheconfig.v0", "digest": config},
                       "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d}
                                  for d in layers]}).encode()


def test_a_cache_that_came_back_is_merged_and_reset_keeps_what_index_json_reaches(tmp_path):
    dest = tmp_path / "cache"
    (dest / "blobs" / "sha256").mkdir(parents=True)
    old_layer, old_data = _blob(b"old layer")
    (dest / "blobs" / "sha256" / old_layer[7:]).write_bytes(old_data)
    (dest / "index.json").write_text("{}")
    layer, layer_data = _blob(b"layer")
    config, config_data = _blob(b"config")
    manifest, manifest_data = _blob(_manifest(config, layer))
    back = {f"cache-to-0/blobs/sha256/{d[7:]}": b for d, b in
            ((layer, layer_data), (config, config_data), (manifest, manifest_data))}
    caches = build_ssh_cache.Caches()
    caches.back = [("cache-to-0", str(dest), False)]
    with _came_back({**back, "cache-to-0/index.json": _index(manifest), "cache-to-0/oci-layout": b"{}",
                     "out/x": b"not the cache's"}) as tar:
        build_ssh_cache.merge(tar, caches)
    blobs = sorted(p.name for p in (dest / "blobs" / "sha256").iterdir())
    assert blobs == sorted(d[7:] for d in (old_layer, layer, config, manifest))  # the old blob kept
    assert json.loads((dest / "index.json").read_text())["manifests"][0]["digest"] == manifest  # replaced
    assert not (dest / "x").exists()
    assert (dest / "blobs" / "sha256" / layer[7:]).stat().st_mode & 0o777 == 0o444
    caches.back = [("cache-to-0", str(dest), True)]  # reset=true: what no manifest reaches goes
    with _came_back({**back, "cache-to-0/index.json": _index(manifest)}) as tar:
        build_ssh_cache.merge(tar, caches)
    assert sorted(p.name for p in (dest / "blobs" / "sha256").iterdir()) == sorted(
        d[7:] for d in (layer, config, manifest))
    assert [p.name for p in dest.iterdir() if p.name.startswith(".pydock-")] == []


def test_names_that_leave_the_folder_are_not_written(tmp_path):
    caches = build_ssh_cache.Caches()
    caches.back = [("cache-to-0", str(tmp_path / "cache"), False)]
    with _came_back({"cache-to-0/../escaped": b"x", "cache-to-0/ok": b"y"}) as tar:
        build_ssh_cache.merge(tar, caches)
    assert not (tmp_path / "escaped").exists()
    assert (tmp_path / "cache" / "ok").read_bytes() == b"y"
