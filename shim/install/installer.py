"""Carry out an install plan: fetch (checked), unpack and build into a stage, then commit atomically.

Nothing reaches its destination before every artefact is fetched, verified and unpacked; then one
Transaction per destination root (the prefix, and the CNI folder when it lies elsewhere) renames the
files into place, rolling back on failure (shim/install/stage.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from shim.install.errors import InstallError
from shim.install.plan import Fetch, GoBuild, Run, Unpack

DEFAULT_CACHE = "/var/cache/pydock/downloads"


def _root_for(path: str, roots: list[str]) -> str:
    for root in roots:
        if path == root or path.startswith(root.rstrip("/") + "/"):
            return root
    return os.path.dirname(path) if not os.path.isdir(path) else path


class InstallLock:
    """Installs sharing a download cache (the machine's, by default) run one after another: a second one
    says which install it waits for, then waits (flock on `CACHE/.lock`, released however the first ends).
    Holding it, the stage folders a killed install left in the prefix are removed."""

    def __init__(self, cache: str, prefix: str, say=print) -> None:
        self.cache, self.prefix, self.say = cache, prefix, say
        self.fd = -1

    def __enter__(self) -> InstallLock:
        import fcntl

        os.makedirs(self.cache, exist_ok=True)
        self.fd = os.open(os.path.join(self.cache, ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self.fd, 32, 0).decode(errors="replace").strip() or "?"
            self.say(f"pydock install: another pydock install is running (pid {holder}); waiting for it to finish")
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()}\n".encode(), 0)
        if os.path.isdir(self.prefix):
            for name in os.listdir(self.prefix):
                if name.startswith(".pydock-work-"):
                    shutil.rmtree(os.path.join(self.prefix, name), ignore_errors=True)
        return self

    def __exit__(self, *_exc: object) -> None:
        os.close(self.fd)  # the lock goes with it


def execute(steps: list, *, prefix: str, cache: str = DEFAULT_CACHE, say=print) -> list[str]:
    """Run the steps; returns the paths that changed."""
    from shim.install.stage import Transaction

    os.makedirs(cache, exist_ok=True)
    os.makedirs(prefix, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".pydock-work-", dir=prefix)
    transactions: dict[str, Transaction] = {}

    def stage(dest: str, source: str, mode: int = 0o755) -> None:
        root = _root_for(dest, [prefix, *transactions])
        if root not in transactions:
            os.makedirs(root, exist_ok=True)
            transactions[root] = Transaction(root)
        transactions[root].add_file(os.path.relpath(dest, root), source, mode)

    try:
        for step in steps:
            if isinstance(step, Fetch):
                _fetch(step, cache, say)
            elif isinstance(step, Unpack):
                _unpack(step, cache, work, stage)
            elif isinstance(step, GoBuild):
                _go_build(step, work, stage, say)
            elif isinstance(step, Run):
                _run(step.argv, step.env, say)
        changed: list[str] = []
        for transaction in transactions.values():
            changed += transaction.commit()
        return changed
    except BaseException:
        for transaction in transactions.values():
            transaction.rollback()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fetch(step: Fetch, cache: str, say) -> None:
    from shim.install.download import fetch

    dest = os.path.join(cache, step.filename)
    if os.path.exists(dest) and _sha256(dest) == step.sha256:
        return  # already verified: an idempotent rerun downloads nothing
    say(f"downloading {step.url}")
    fetch(step.url, dest, step.sha256)


def _sha256(path: str) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _unpack(step: Unpack, cache: str, work: str, stage) -> None:
    from shim.install.archive import extract

    source = os.path.join(cache, step.filename)
    if step.single:
        stage(step.single, source, 0o755)
        return
    target = tempfile.mkdtemp(prefix="unpack-", dir=work)
    rules = step.rules

    def select(member: str) -> str | None:
        name = member.removeprefix("./")
        for i, (prefix, _dest) in enumerate(rules):
            if prefix and not prefix.endswith("/"):  # one named file
                if name == prefix:
                    return f"{i}/{prefix.rsplit('/', 1)[-1]}"
            elif name.startswith(prefix) and name != prefix.rstrip("/"):
                return f"{i}/{name[len(prefix):]}"
        return None

    for rel in extract(source, target, select=select):
        index, _, rest = rel.partition("/")
        path = os.path.join(target, rel)
        if rest and os.path.isfile(path) and not os.path.islink(path):
            stage(os.path.join(rules[int(index)][1], rest), path, os.stat(path).st_mode & 0o777)


def _run(argv: list[str], env: dict[str, str], say, cwd: str | None = None) -> None:
    say("running " + " ".join(argv))
    full = {**os.environ, **env}
    try:
        done = subprocess.run(argv, env=full, cwd=cwd, check=False)
    except OSError as e:
        raise InstallError(f"pydock install: cannot run {argv[0]}: {e.strerror}") from None
    if done.returncode != 0:
        raise InstallError(f"pydock install: `{' '.join(argv)}` failed with exit code {done.returncode}")


# Modules `go install mod@version` refuses, built from their downloaded source instead, with the
# package that holds their version string. nerdctl: the proxy's version list answers 403 and go.mod
# replaces a test-only nested module the zip lacks. BuildKit: go.mod carries exclude directives.
SOURCE_BUILDS = {"nerdctl": "pkg/version.Version", "buildkit": "version.Version"}


def _go_build(step: GoBuild, work: str, stage, say) -> None:
    """Build with the Go toolchain into the work folder, then stage the binaries."""
    if not shutil.which("go"):
        raise InstallError("pydock install: the go method needs a Go toolchain (`go`) on PATH")
    out = tempfile.mkdtemp(prefix=f"go-{step.component}-", dir=work)
    if step.component in SOURCE_BUILDS:
        _build_from_source(step, out, work, say)
    else:
        targets = [f"{step.module}/{c}@{step.version}" for c in step.commands]
        _run(["go", "install", "-tags", "no_btrfs",
              "-ldflags", f"-X {step.module}/version.Version={step.version.lstrip('v')}", *targets],
             {"GOBIN": out, "CGO_ENABLED": "1"}, say)
    for name in sorted(os.listdir(out)):
        stage(os.path.join(step.bindir, name), os.path.join(out, name), 0o755)


def _build_from_source(step: GoBuild, out: str, work: str, say) -> None:
    """Download the pinned module zip, copy it somewhere writable and `go build` each command in it as
    the main module (static: CGO off, as the projects' own release binaries)."""
    import json

    listed = subprocess.run(["go", "mod", "download", "-json", f"{step.module}@{step.version}"],
                            capture_output=True, text=True, env={**os.environ, "GOFLAGS": "-mod=mod"}, check=False)
    if listed.returncode != 0:
        raise InstallError(f"pydock install: cannot download {step.module}@{step.version}: {listed.stderr.strip()}")
    src = os.path.join(work, f"{step.component}-src")
    shutil.copytree(json.loads(listed.stdout)["Dir"], src)
    for root, dirs, files in os.walk(src):
        for name in dirs + files:
            os.chmod(os.path.join(root, name), 0o755 if name in dirs else 0o644)
    if step.component == "nerdctl":
        _prepare_nerdctl(src)
    version_var = f"{step.module}/{SOURCE_BUILDS[step.component]}={step.version}"
    for command in step.commands:
        _run(["go", "build", "-ldflags", f"-X {version_var}", "-o",
              os.path.join(out, command.rsplit("/", 1)[1]), f"./{command}"], {"CGO_ENABLED": "0"}, say, cwd=src)


def _prepare_nerdctl(src: str) -> None:
    """Drop the one non-test file that imports nerdctl's test-only module mod/tigron, and give the
    replace target of go.mod an empty go.mod (the module zip lacks nested modules)."""
    helper = os.path.join(src, "cmd/nerdctl/helpers/testing_linux.go")
    if os.path.exists(helper):
        os.unlink(helper)
    os.makedirs(os.path.join(src, "mod/tigron"), exist_ok=True)
    with open(os.path.join(src, "mod/tigron/go.mod"), "w", encoding="ascii") as f:
        f.write("module github.com/containerd/nerdctl/mod/tigron\n\ngo 1.24\n")
