"""What `pydock install` does for each method, as plain steps: pure, so --dry-run and tests can read it.

Methods (the containerd getting-started guide's, plus two):
  one-click       the nerdctl-full archive: bin/ (BuildKit included), libexec/cni/, lib/systemd/system/
  per-component   containerd, runc (sbin), CNI plugins (/opt/cni/bin), nerdctl and BuildKit's buildkitd
                  and buildctl, each from its own archive
  distro          Debian/Ubuntu packages for containerd, runc and CNI plugins; nerdctl and BuildKit
                  per-component
  go              `go install`/`go build` of containerd, nerdctl and BuildKit from the Go module proxy
  offline         like one-click or per-component, with archives from `--from DIR`
`auto` tries one-click, per-component, then go, and says which one it used.
"""

from __future__ import annotations

import json
import os

METHODS = ("one-click", "per-component", "distro", "go")
AUTO_ORDER = ("one-click", "per-component", "go")
MANIFEST = os.path.join(os.path.dirname(__file__), "manifest.json")
DISTRO_PACKAGES = ("containerd", "runc", "containernetworking-plugins")
PER_COMPONENT = ("containerd", "runc", "cni-plugins", "nerdctl", "buildkit")
GO_COMPONENTS = ("containerd", "nerdctl", "buildkit")


class Fetch:
    """Download one release artefact into the cache, checked against its pinned sha256."""

    __slots__ = ("component", "url", "sha256", "filename")

    def __init__(self, component: str, url: str, sha256: str, filename: str) -> None:
        self.component, self.url, self.sha256, self.filename = component, url, sha256, filename


class Unpack:
    """Take members of a fetched archive (or the file itself) into place: `rules` are (member prefix,
    destination folder) pairs; the destination folder is absolute. A prefix that does not end in "/"
    names one file (BuildKit's archive: buildkitd and buildctl, not its bundled runc and qemu helpers)."""

    __slots__ = ("filename", "rules", "single")

    def __init__(self, filename: str, rules: tuple[tuple[str, str], ...], single: str = "") -> None:
        self.filename = filename
        self.rules = rules
        self.single = single  # for a bare binary (runc.amd64): its absolute destination


class GoBuild:
    """Build a module's commands with the Go toolchain, at a pinned version from the module proxy, and
    install the binaries into `bindir` (staged, like an archive's files)."""

    __slots__ = ("component", "module", "version", "commands", "bindir")

    def __init__(self, component: str, module: str, version: str, commands: tuple[str, ...], bindir: str) -> None:
        self.component, self.module, self.version = component, module, version
        self.commands, self.bindir = commands, bindir


class Run:
    """A command to run (apt-get)."""

    __slots__ = ("argv", "env")

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.argv, self.env = argv, env or {}


def load_manifest(path: str = MANIFEST) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def machine_arch() -> str:
    return {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(os.uname().machine, os.uname().machine)


def _fetch(manifest: dict, component: str, arch: str, base: str, local: bool = False) -> Fetch:
    from shim.install.errors import InstallError

    entry = manifest["components"][component]
    sha = entry["sha256"].get(arch)
    if not sha:
        raise InstallError(f"pydock install: no pinned checksum for {component} {entry['version']} on {arch}; "
                           "this method cannot install it here (try --method go or distro)")
    path = entry["path"].format(version=entry["version"], arch=arch)
    filename = path.rsplit("/", 1)[1]
    # --from DIR holds the archives under their release names; a mirror keeps the releases' paths.
    url = os.path.join(base, filename) if local else f"{base.rstrip('/')}/{path}"
    return Fetch(component, url, sha, filename)


def plan(method: str, *, prefix: str = "/usr/local", cni_dir: str = "/opt/cni/bin", arch: str = "",
         base: str = "", manifest: dict | None = None, components: tuple[str, ...] = (),
         local: bool = False) -> list:
    """The steps of one method. `components` limits per-component/go to some of them; `local` means
    base is a folder of archives (--from) rather than a releases URL."""
    manifest = manifest or load_manifest()
    arch = arch or machine_arch()
    base = base or manifest["base"]
    if method == "one-click":
        f = _fetch(manifest, "nerdctl-full", arch, base, local)
        rules = (("bin/", f"{prefix}/bin"), ("libexec/cni/", f"{prefix}/libexec/cni"),
                 ("lib/systemd/system/", f"{prefix}/lib/systemd/system"))
        return [f, Unpack(f.filename, rules)]
    if method == "per-component":
        return _per_component(manifest, arch, base, prefix, cni_dir, components or
                              PER_COMPONENT, local)
    if method == "distro":
        steps: list = [Run(["apt-get", "install", "-y", "--no-install-recommends", *DISTRO_PACKAGES],
                           {"DEBIAN_FRONTEND": "noninteractive"})]
        return steps + _per_component(manifest, arch, base, prefix, cni_dir, ("nerdctl", "buildkit"), local)
    if method == "go":
        return _go(manifest, prefix, components or GO_COMPONENTS)
    from shim.install.errors import InstallError

    raise InstallError(f"pydock install: unknown method {method!r} (known: auto, {', '.join(METHODS)})")


def _per_component(manifest: dict, arch: str, base: str, prefix: str, cni_dir: str,
                   components: tuple[str, ...], local: bool = False) -> list:
    steps: list = []
    for name in components:
        f = _fetch(manifest, name, arch, base, local)
        steps.append(f)
        if name == "containerd":
            steps.append(Unpack(f.filename, (("bin/", f"{prefix}/bin"),)))
        elif name == "runc":
            steps.append(Unpack(f.filename, (), single=f"{prefix}/sbin/runc"))
        elif name == "cni-plugins":
            steps.append(Unpack(f.filename, (("", cni_dir),)))
        elif name == "nerdctl":
            steps.append(Unpack(f.filename, (("", f"{prefix}/bin"),)))
        elif name == "buildkit":
            steps.append(Unpack(f.filename, (("bin/buildkitd", f"{prefix}/bin"), ("bin/buildctl", f"{prefix}/bin"))))
    return steps


def _go(manifest: dict, prefix: str, components: tuple[str, ...]) -> list:
    return [GoBuild(name, manifest["go"][name]["module"], manifest["go"][name]["version"],
                    tuple(manifest["go"][name]["commands"]), f"{prefix}/bin") for name in components]


def describe(steps: list, cache: str) -> list[str]:
    """The lines --dry-run prints: every download, every file destination, every command."""
    lines = []
    for step in steps:
        if isinstance(step, Fetch):
            lines.append(f"download {step.url} -> {cache}/{step.filename} (sha256 {step.sha256})")
        elif isinstance(step, Unpack) and step.single:
            lines.append(f"install -m 755 {cache}/{step.filename} {step.single}")
        elif isinstance(step, Unpack):
            lines += [f"extract {step.filename}: {member or './'}{'*' if member.endswith('/') or not member else ''}"
                      f" -> {dest}/" for member, dest in step.rules]
        elif isinstance(step, GoBuild):
            lines += [f"go build {step.module}/{c}@{step.version} -> {step.bindir}/{c.rsplit('/', 1)[1]}"
                      for c in step.commands]
        else:
            env = " ".join(f"{k}={v}" for k, v in sorted(step.env.items()))
            lines.append((env + " " if env else "") + " ".join(step.argv))
    return lines
