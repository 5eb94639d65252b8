"""Byte-path benchmark: `save` and `load` of a large image, pydock against nerdctl and Docker Engine.

Pairs (A against B, run alternately so that drift in the machine's speed hits both alike):
  1. `pydock save IMAGE > FILE`        vs  `nerdctl save -o FILE IMAGE`   (the file removed before each run)
  2. `pydock load -i FILE`             vs  `nerdctl load -i FILE`         (the image removed before each run)
  3. `cat FILE | pydock load`          vs  `cat FILE | nerdctl load`      (the same, from a pipe)
  4. `pydock load -i FILE`, image present  vs  `docker load -i FILE` on Engine 20.10 and on Engine 29
     (under flock /tmp/pydock-ref.lock, as every use of the shared reference engines)

The image has one layer of random bytes (`--size-mib`, 512 by default), written in /var/tmp and removed
at the end. Peak memory is ru_maxrss from os.wait4 (the largest process of the command's tree: nerdctl
beside pydock), also for pydock's save to a pipe and load from a pipe at 64 MiB, to show that it does not
grow with the image. Prints a Markdown report; `--write FILE` replaces its marked section of FILE. Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import tarfile
import time
from pathlib import Path

from tests.bench.startup import replace_section, when_and_machine

PYDOCK = str(Path(sys.executable).parent / "pydock")
DOCKER = shutil.which("docker", path="/usr/local/bin") or "docker"
ENGINES = {"20.10": "unix:///run/pydock-ref/docker.sock", "29": "unix:///run/pydock-ref29/docker.sock"}
LOCK = "/tmp/pydock-ref.lock"
MARK_BEGIN = "<!-- bytes-benchmark:begin -->"
MARK_END = "<!-- bytes-benchmark:end -->"
EPOCH = 1_700_000_000


def write_archive(path: Path, size_mib: int, name: str, *, random: bool = True) -> str:
    """An image archive (OCI layout and docker's manifest.json) with one layer holding one file of
    `size_mib` MiB, random or zeros, written as it is made: memory stays small at any size. Returns the
    digest of its index, after which nerdctl's load names an `import@…` reference."""
    layer = path.with_suffix(".layer")
    with layer.open("wb") as raw, tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("data.bin")
        info.size, info.mtime, info.mode = size_mib << 20, EPOCH, 0o644
        tar.addfile(info, _Bytes(size_mib << 20, random))
    digest = hashlib.sha256()
    with layer.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    layer_digest = "sha256:" + digest.hexdigest()
    config = _json({"architecture": "amd64" if os.uname().machine == "x86_64" else "arm64", "os": "linux",
                    "created": "2023-11-14T22:13:20Z", "config": {"Cmd": ["sh"]},
                    "rootfs": {"type": "layers", "diff_ids": [layer_digest]}})
    manifest = _json({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                 "digest": _digest(config), "size": len(config)},
                      "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                                  "digest": layer_digest, "size": layer.stat().st_size}]})
    full = name if "/" in name.rpartition(":")[0] else f"docker.io/library/{name}"
    index = _json({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                   "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                                  "digest": _digest(manifest), "size": len(manifest),
                                  "annotations": {"io.containerd.image.name": full,
                                                  "org.opencontainers.image.ref.name": name.rpartition(":")[2]}}]})
    docker_manifest = json.dumps([{"Config": "blobs/sha256/" + _digest(config)[7:], "RepoTags": [name],
                                   "Layers": ["blobs/sha256/" + layer_digest[7:]]}]).encode()
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for folder in ("blobs", "blobs/sha256"):
            _add(tar, folder, None, 0)
        with layer.open("rb") as f:
            _add(tar, "blobs/sha256/" + layer_digest[7:], f, layer.stat().st_size)
        for data in (config, manifest):
            _add_bytes(tar, "blobs/sha256/" + _digest(data)[7:], data)
        _add_bytes(tar, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        _add_bytes(tar, "index.json", index)
        _add_bytes(tar, "manifest.json", docker_manifest)
    layer.unlink()
    return _digest(index)


class _Bytes:
    def __init__(self, left: int, random: bool) -> None:
        self.left, self.random = left, random

    def read(self, n: int) -> bytes:
        n = min(n, self.left)
        self.left -= n
        return os.urandom(n) if self.random else bytes(n)


def _json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True).encode()


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _add(tar: tarfile.TarFile, name: str, fileobj: object, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.mtime = EPOCH
    info.type, info.mode = (tarfile.REGTYPE, 0o644) if fileobj is not None else (tarfile.DIRTYPE, 0o755)
    info.size = size
    tar.addfile(info, fileobj)  # type: ignore[arg-type]


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    _add(tar, name, io.BytesIO(data), len(data))


def once(argv: list[str], *, stdin: str = "", stdout: str = "", env: dict[str, str] | None = None) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB of the command's largest process) of one run; fails loudly."""
    fds = []
    actions = []
    for target, path, flags in ((0, stdin, os.O_RDONLY), (1, stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        fd = os.open(path or os.devnull, flags, 0o600)
        fds.append(fd)
        actions.append((os.POSIX_SPAWN_DUP2, fd, target))
    err = os.open(os.devnull, os.O_WRONLY)
    fds.append(err)
    actions.append((os.POSIX_SPAWN_DUP2, err, 2))
    try:
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, env or os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        for fd in fds:
            os.close(fd)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def sh(script: str) -> list[str]:
    return ["sh", "-c", script]


def paired(a: list[str], b: list[str], rounds: int, before: tuple[list[str], list[str]] | None = None,
           env_b: dict[str, str] | None = None) -> dict[str, float]:
    """Medians, ranges and the median of per-pair ratios; `before` runs (untimed) before each A and each B."""
    ta, tb, peaks = [], [], []
    for r in range(rounds):
        pair = [(a, ta, before and before[0], None), (b, tb, before and before[1], env_b)]
        for argv, times, setup, env in pair[r % 2:] + pair[:r % 2]:  # alternate who goes first, as scale.py does
            if setup:
                once(setup)
            wall, peak = once(argv, env=env)
            times.append(wall)
            if argv is a:
                peaks.append(peak)
    return {"a": statistics.median(ta), "a_min": min(ta), "a_max": max(ta),
            "b": statistics.median(tb), "b_min": min(tb), "b_max": max(tb),
            "ratio": statistics.median(x / y for x, y in zip(ta, tb, strict=True)), "peak_kib": max(peaks)}


def _row(what: str, a: str, b: str, r: dict[str, float], rounds: int) -> str:
    return (f"| {what} | {a} | {r['a']:.2f} ({r['a_min']:.2f}-{r['a_max']:.2f}) | {b} | "
            f"{r['b']:.2f} ({r['b_min']:.2f}-{r['b_max']:.2f}) | {r['ratio']:.2f} | {1 / r['ratio']:.2f} | "
            f"{r['peak_kib'] / 1024:.0f} | {rounds} |")


def report(size_mib: int, rounds: int, engines: bool) -> str:
    os.environ.setdefault("CONTAINERD_NAMESPACE", "pydock-bench-bytes")
    namespace = os.environ["CONTAINERD_NAMESPACE"]
    work = Path(os.environ.get("TMPDIR") or "/var/tmp") / f"pydock-bench-bytes-{os.getpid()}"
    work.mkdir()
    name, small_name = f"pydock-bench-bytes:{size_mib}", "pydock-bench-bytes:64"
    archive, small, out = work / "image.tar", work / "small.tar", work / "out.tar"
    try:
        index = write_archive(archive, size_mib, name)
        write_archive(small, 64, small_name)
        # absent means absent: nerdctl's load also names the index `import@…`, which would keep the blobs
        rmi = ["nerdctl", "rmi", "-f", name, f"import@{index}"]
        rows = []
        once([PYDOCK, "load", "-i", str(archive)])
        r = paired(sh(f"rm -f {out}; exec {PYDOCK} save {name} > {out}"),
                   sh(f"rm -f {out}; exec nerdctl save -o {out} {name}"), rounds)
        rows.append(_row("save to a file", "`pydock save IMAGE > FILE`", "`nerdctl save -o FILE IMAGE`", r, rounds))
        r = paired([PYDOCK, "load", "-i", str(archive)], ["nerdctl", "load", "-i", str(archive)], rounds,
                   before=(rmi, rmi))
        rows.append(_row("load, image absent", "`pydock load -i FILE`", "`nerdctl load -i FILE`", r, rounds))
        r = paired(sh(f"cat {archive} | {PYDOCK} load"), sh(f"cat {archive} | nerdctl load"), rounds,
                   before=(rmi, rmi))
        rows.append(_row("load, image absent", "`cat FILE \\| pydock load`", "`cat FILE \\| nerdctl load`", r, rounds))
        once([PYDOCK, "load", "-i", str(archive)])
        for engine, host in ENGINES.items() if engines else ():
            env = {**os.environ, "DOCKER_HOST": host}
            locked = ["flock", LOCK, DOCKER, "load", "-i", str(archive)]
            once(locked, env=env)  # present there too
            r = paired([PYDOCK, "load", "-i", str(archive)], locked, rounds, env_b=env)
            rows.append(_row("load, image present", "`pydock load -i FILE`",
                             f"`docker load -i FILE` (Engine {engine})", r, rounds))
            once(["flock", LOCK, DOCKER, "rmi", name], env=env)
        peaks = _peaks(archive, small, out, name, small_name)
    finally:
        once([PYDOCK, "rmi", "-f", name, small_name])
        shutil.rmtree(work)
    when, machine = when_and_machine()
    return "\n".join([
        MARK_BEGIN,
        f"Measured {when} on {machine}; namespace `{namespace}`; an image of {size_mib} MiB (one layer of "
        "random bytes). Wall seconds of whole processes: median (min-max) of alternating runs; the ratios "
        "are medians of the pairs (time A / B, and throughput A / B). Peak: the largest process of A's tree, "
        "from os.wait4's ru_maxrss (nerdctl's own, beside pydock's).",
        "",
        "| case | A | A s | B | B s | time A / B | throughput A / B | A peak MiB | pairs |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Peak memory of the whole command (ru_maxrss, its largest process) by image size: {peaks}",
        MARK_END,
    ])


def _peaks(archive: Path, small: Path, out: Path, name: str, small_name: str) -> str:
    """Peak memory (ru_maxrss of the command's largest process) of pydock's save to a pipe and load from a
    pipe, at 64 MiB and at the full size: streaming keeps it flat (nerdctl's own is most of it)."""
    texts = []
    for label, argv_for in (("save to a pipe", lambda n, _a: sh(f"{PYDOCK} save {n} | cat > {out}")),
                            ("load from a pipe", lambda _n, a: sh(f"cat {a} | {PYDOCK} load"))):
        figures = []
        for image, path in ((small_name, small), (name, archive)):
            once([PYDOCK, "load", "-i", str(path)])
            if label.startswith("load"):
                once(["nerdctl", "rmi", "-f", image])  # pydock's load leaves no `import@…` name
            figures.append(f"{once(argv_for(image, path))[1] / 1024:.0f} MiB at {path.stat().st_size >> 20} MiB")
        texts.append(f"{label}: {', '.join(figures)}")
    return "; ".join(texts) + "."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=512, help="size of the image's layer (default 512)")
    parser.add_argument("--rounds", type=int, default=5, help="pairs per case (default 5)")
    parser.add_argument("--no-engines", action="store_true", help="leave the reference Docker Engines out")
    parser.add_argument("--write", metavar="FILE", help="replace the byte-path section of FILE")
    args = parser.parse_args()
    text = report(args.size_mib, args.rounds, not args.no_engines)
    print(text)
    if args.write:
        replace_section(Path(args.write), MARK_BEGIN, MARK_END, text, heading="## Byte path: save and load\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
