"""Build benchmark: `pydock build` against nerdctl's own build, cached and uncached, in one paired run.

A small context FROM the test busybox (RUN, COPY) in a namespace of its own; buildkitd must answer for it
(`pydock daemon start --namespace NS`). Pairs run alternately, so drift in the machine hits both alike:
  1. cached:   `pydock build -t X ctx`            vs  `nerdctl build -t X ctx`
  2. uncached: `pydock build --no-cache -t X ctx` vs  `nerdctl build --no-cache -t X ctx`
Prints a Markdown report; `--write FILE` replaces the build section of FILE. Not a test.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.startup import PYDOCK, ROOT, paired

MARK_BEGIN = "<!-- build-benchmark:begin -->"
MARK_END = "<!-- build-benchmark:end -->"
DOCKERFILE = "FROM busybox\nRUN echo built > /built && sleep 1\nCOPY data /data\n"


def prepare(namespace: str, folder: Path) -> Path:
    os.environ["CONTAINERD_NAMESPACE"] = namespace
    subprocess.run([PYDOCK, "daemon", "start", "--namespace", namespace], check=True, capture_output=True)
    archive = folder / "busybox.tar"
    subprocess.run([sys.executable, str(ROOT / "tests/stack/busybox_image.py"), str(archive)], check=True)
    subprocess.run([PYDOCK, "load", "-i", str(archive)], check=True, capture_output=True)
    context = folder / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text(DOCKERFILE)
    (context / "data").write_bytes(os.urandom(1 << 20))
    return context


def report(namespace: str, rounds: int) -> str:
    from shim.install import buildkit

    with tempfile.TemporaryDirectory() as tmp:
        try:
            context = str(prepare(namespace, Path(tmp)))
            rows = []
            for label, extra in (("cached", []), ("uncached (`--no-cache`)", ["--no-cache"])):
                a = [PYDOCK, "build", "--progress=plain", *extra, "-t", "pydock-bench-build:1", context]
                b = ["nerdctl", "build", "--progress=plain", *extra, "-t", "pydock-bench-build:1", context]
                rows.append((label, paired(a, b, rounds, warmup=1)))
        finally:
            subprocess.run(["nerdctl", "-n", namespace, "rmi", "-f", "pydock-bench-build:1", "busybox"],
                           capture_output=True, check=False)
            buildkit.stop(buildkit.Places(namespace))
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Measured {now} on {platform.node()}: {platform.system()} {platform.release()}, {os.cpu_count()} "
             f"CPUs; namespace `{namespace}`, buildkitd v0.31.2 with the containerd worker; a RUN (`sleep 1`) and "
             "a 1 MiB COPY FROM the test busybox. Wall time, medians of alternating runs.", "",
             "| build | `pydock build` ms | `nerdctl build` ms | A - B (ms) | A / B | pairs |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {label} | {r['a_ms']:.0f} | {r['b_ms']:.0f} | {r['diff_ms']:+.0f} | {r['ratio']:.2f} | {rounds} |"
              for label, r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--namespace", default="pydock-bench-build")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    text = report(args.namespace, args.rounds)
    print(text)
    if args.write:
        body = args.write.read_text()
        head, _, rest = body.partition(MARK_BEGIN)
        _, _, tail = rest.partition(MARK_END)
        args.write.write_text(f"{head}{MARK_BEGIN}\n{text}\n{MARK_END}{tail}")


if __name__ == "__main__":
    main()
