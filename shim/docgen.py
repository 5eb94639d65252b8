"""Documents generated from the spec (cold path). `python -m shim.docgen` rewrites them; a test fails
when a checked-in copy drifts from what the spec says."""

from __future__ import annotations

import sys
from pathlib import Path

from shim import spec
from shim.backends import BACKENDS
from shim.backends.handling import EMULATE, NOOP, OWN, PASS, REFUSE

HANDLING = {PASS: "passed", EMULATE: "emulated", NOOP: "accepted, no effect", REFUSE: "refused", OWN: "pydock"}


def support(command: spec.Command | str, flag: spec.Flag, backend: str = "nerdctl") -> tuple[str, str]:
    """(how `backend` handles the flag, why) from the backend's own support table; "" is docker's global flags."""
    from shim.backends import load

    name = command if isinstance(command, str) else command.name
    return load(backend).support(name, flag.long)


def flag_handling(command: spec.Command | str, flag: spec.Flag, backend: str = "nerdctl") -> str:
    how = support(command, flag, backend)[0]
    if how in HANDLING:
        return HANDLING[how]
    if how.startswith("-"):
        return f"renamed to `{how}`"
    return how


def table_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def compat_flags() -> str:
    """docs/compat.md: per verb and flag, what pydock does with it on the nerdctl backend."""
    from shim.spec import globals as global_spec

    lines = [
        "# docker flags on pydock's nerdctl backend",
        "",
        "Generated from `shim/spec/` by `python -m shim.docgen`; do not edit by hand.",
        "",
        "Every flag docker CLI 28.2.2 accepts for these commands is handled one of four ways: **passed** "
        "to nerdctl (as `--flag=value`), **renamed**, **emulated** by pydock, or **refused** before "
        "anything runs with docker's flag-error shape and exit 125. *Accepted, no effect* marks flags "
        "that change nothing on containerd, as in docker itself.",
        "",
    ]
    commands = [("docker (global flags)", global_spec.COMMAND)]
    commands += [(f"docker {v}", spec.get(v)) for v in spec.VERBS]
    totals = dict.fromkeys(["passed", "renamed", "emulated", "accepted, no effect", "refused"], 0)
    for title, command in commands:
        aliases = ", ".join(f"`docker {a}`" for a in command.aliases)
        lines += [f"## {title}", ""]
        if aliases:
            lines += [f"Forms: {aliases}", ""]
        if not command.flags:
            lines += ["No flags.", ""]
            continue
        # one column pair per backend: how it handles the flag, and why
        head = "".join(f" {b} backend | why |" for b in BACKENDS)
        lines += [f"| flag |{head}", "|---|" + "---|---|" * len(BACKENDS)]
        for flag in command.flags:
            name = f"`-{flag.short}, --{flag.long}`" if flag.short else f"`--{flag.long}`"
            if flag.hidden:
                name += " (hidden)"
            scope = "" if command is global_spec.COMMAND else command
            cells = ""
            for backend in BACKENDS:
                how = flag_handling(scope, flag, backend)
                cells += f" {how} | {table_cell(support(scope, flag, backend)[1])} |"
            how = flag_handling(scope, flag)  # the totals are the default backend's
            key = "renamed" if how.startswith("renamed") else how
            if key in totals and command is not global_spec.COMMAND:
                totals[key] += 1
            lines.append(f"| {name} |{cells}")
        lines.append("")
    summary = ", ".join(f"{n} {k}" for k, n in totals.items())
    first_section = lines.index("## docker (global flags)")
    lines[first_section:first_section] = [f"Across the 13 verbs: {summary}.", ""]
    return "\n".join(lines)


def compat_results(root: Path) -> str:
    """The differential run recorded in docs/compat-results.json (written by `make compat`): the reference
    engine's figures and differences, every other engine's as a further column."""
    import json

    path = root / "docs/compat-results.json"
    if not path.exists():
        return ""
    run = json.loads(path.read_text())
    versions = run.get("versions", {})
    reference = run.get("reference", "")
    found = versions.get("engines", {reference: versions.get("docker_engine", "?")})
    columns = run.get("engines", {reference: {"passed": run["passed"], "pass_rate": run["pass_rate"]}})
    others = [engine for engine in columns if engine != reference]
    failing = [r for r in run["results"] if not r["passed"]]
    second = "".join(f", and on Docker Engine {found.get(e, e)} as a second column" for e in others)
    lines = [
        "## Side by side with Docker Engine",
        "",
        f"`make compat` runs {run['scenarios']} docker scripts (tests/compat/scenarios.py and tests/compat/tables/) "
        f"with the docker CLI {versions.get('docker_cli', '?')} on Docker Engine {found.get(reference, '?')}, the "
        f"reference{second}; and with `docker` resolving to pydock on {versions.get('nerdctl', 'nerdctl')}. "
        "pydock's stdout, stderr and exit code are compared with each engine's after normalising only IDs, "
        "digests, times, durations, sizes and addresses. Where the two engines differ (a daemon error's "
        "wording, an output's shape), pydock follows Engine 29.",
        "",
        f"**Against Docker Engine {found.get(reference, '?')}: {run['passed']} of {run['scenarios']} scenarios "
        f"identical ({run['pass_rate']:.1%}).** "
        + "".join(f"Against Docker Engine {found.get(e, e)}: {columns[e]['passed']} of {run['scenarios']} "
                  f"({columns[e]['pass_rate']:.1%}). " for e in others)
        + (f"Each difference from Engine {reference}:" if failing else f"No difference from Engine {reference}."),
        "",
    ]
    lines += [f"- `{r['id']}`: {r.get('why', 'not yet explained')}" for r in failing]
    ctr_path = root / "docs/compat-results-ctr.json"
    ctr_run = json.loads(ctr_path.read_text()) if ctr_path.exists() else None
    ctr_verdicts = {r["id"]: ctr_verdict(r) for r in ctr_run["results"]} if ctr_run else {}
    if ctr_run:
        lines += ["", *ctr_section(ctr_run, run["scenarios"])]
    if others or ctr_run:
        lines += ["", "A scenario identical on one engine and not on the other is, as a rule, one where the two "
                  "engines themselves differ, and pydock prints what Engine 29 prints. The columns compare pydock "
                  "on its nerdctl backend with each engine"
                  + (f", and pydock on its ctr backend with Engine {ctr_run.get('reference', '?')} (`refused`: the "
                     "ctr backend refused, in docker's voice, what the script asks)" if ctr_run else "") + ".", ""]
        backend = "nerdctl backend, " if ctr_run else ""
        heads = [f"{backend}Engine {found.get(e, e)}" for e in [reference, *others]]
        if ctr_run:
            heads.append(f"ctr backend, Engine {ctr_run.get('reference', '?')}")
        lines += [f"| scenario | {' | '.join(heads)} |", "|---|" + "---|" * len(heads)]
        for r in run["results"]:
            verdicts = [r["passed"], *(r.get("others", {}).get(e, {}).get("passed") for e in others)]
            cells = [{True: "identical", False: "differs", None: "not run"}[v] for v in verdicts]
            if ctr_run:
                cells.append(ctr_verdicts.get(r["id"], "not run"))
            lines.append(f"| `{r['id']}` | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def ctr_verdict(result: dict) -> str:
    """A scenario's cell in the ctr column: identical, refused (the backend said it cannot) or differs."""
    if result["passed"]:
        return "identical"
    return "refused" if result.get("refused") else "differs"


def refusal_cause(line: str) -> str:
    """What a refusal names, for grouping: the flag (`--publish`) or the command path (`docker build`)."""
    import re

    found = re.search(r"unsupported flag: (\S+)|'(docker [^']+)'", line)
    if found:
        named = found[1] or found[2]
        return "docker compose" if named.startswith("docker compose ") else named
    if " backend: " in line:  # `… was not run with -d by pydock's ctr backend: WHY`
        return line.rsplit(" backend: ", 1)[1]
    return line.removeprefix("docker: ").split(" (", 1)[0]  # `docker: -v /data (WHY) (not supported by …)`


def ctr_section(ctr_run: dict, scenarios: int) -> list[str]:
    """The ctr backend's run of the same scenarios (docs/compat-results-ctr.json, `make compat`'s second run):
    its count, what it refused (grouped by flag or command) and what differs otherwise."""
    from collections import Counter

    results = ctr_run["results"]
    reference = ctr_run.get("reference", "?")
    engine = ctr_run.get("versions", {}).get("engines", {}).get(reference, reference)
    refused = [r for r in results if ctr_verdict(r) == "refused"]
    differs = [r for r in results if ctr_verdict(r) == "differs"]
    causes = Counter(refusal_cause(r["refused"]) for r in refused)
    by_cause = {cause: [r["id"] for r in refused if refusal_cause(r["refused"]) == cause] for cause in causes}
    lines = [
        "### On the ctr backend",
        "",
        "`make compat` runs the same scenarios a second time with pydock on its ctr backend "
        "(`python -m tests.compat.harness --backend ctr`: `PYDOCK_BACKEND=ctr`, no nerdctl on the scripts' PATH, "
        f"as on a Kubernetes node; {ctr_run.get('versions', {}).get('ctr', 'ctr')}), against Docker Engine "
        f"{engine} only.",
        "",
        f"**On the ctr backend, against Docker Engine {engine}: {ctr_run['passed']} of {ctr_run['scenarios']} "
        f"scenarios identical ({ctr_run['pass_rate']:.1%}).** {len(refused)} more differ where the ctr backend "
        "refuses, in docker's voice and naming the backend, what the script asks (docs/ctr.md says why), "
        f"and {len(differs)} differ otherwise."
        + (f" (This run had {ctr_run['scenarios']} scenarios; the table now has {scenarios}.)"
           if ctr_run["scenarios"] != scenarios else "")
        + (f" {len(ctr_run['rerun']['scenarios'])} scenarios were run again after fixes of the backend "
           f"({ctr_run['rerun']['why']}): theirs are the second run's verdicts." if ctr_run.get("rerun") else ""),
        "",
        "Refused, by what the refusal names (scenarios):",
        "",
    ]
    lines += [f"- `{cause}` ({count}): {', '.join(f'`{i}`' for i in by_cause[cause])}"
              for cause, count in causes.most_common()]
    lines += ["", "Differing otherwise: " + (", ".join(f"`{r['id']}`" for r in differs) or "none") + "."]
    return lines


IMAGE_IDS = """## Image IDs

pydock shows Docker Engine 29's image ID, the one its containerd image store (the default of new installs)
and nerdctl use: the digest of what the image's name points to, its index or manifest. Classic Docker
Engine (20.10, and later engines on their overlay2 store) shows the digest of the image's config instead.
`images`, `images -q`/`--no-trunc`, `inspect` (`.Id` of an image, `.Image` of a container), `history`,
`load` (`Loaded image ID:`) and `rmi` (`Deleted:`) all print the same ID. `inspect`, `run`, `create`, `tag`,
`save`, `history` and `rmi` take it back in any form docker prints (full or 12 digits, with or without
`sha256:`, down to 4 digits), and take the classic config digest too, so IDs saved by older scripts keep
working (Engine 29 itself refuses those): a name always wins over an ID, as in docker.
An image's `Created` (inspect, the CREATED column, `{{.CreatedAt}}`, `since`/`before` filters) is its
config's `created`, as both engines read it, also for images without `history`.

## Pushing to a tag that holds a Docker schema 2 manifest

On a distribution 2.x registry (`registry:2`, what most teams host), a tag that classic docker filled with a
Docker schema 2 manifest answers containerd's OCI-only check with `400 MANIFEST_INVALID`, so nerdctl and
Docker Engine 29 on its containerd store fail with `unexpected status from HEAD request … 400 Bad Request`.
pydock goes beyond Engine 29 and does what Engine 20.10 users expect: the push succeeds. It pushes the image
under its digest (no tag to check), moves the tag with one manifest PUT (`shim/registry.py`, with docker's
credentials: `auths`, credential helpers, Basic or Bearer challenges), and drops the local digest name it used.
A layer the registry already has reads `Layer already exists`, as in docker (nerdctl's debug records say which
blobs it uploaded).

## docker system prune

As docker CLI 28.2.2 does (its `cli/command/system/prune.go`), pydock asks docker's question once, then runs its
own prunes in docker's order: containers, networks, anonymous volumes (`--volumes`), images (dangling, or all
unused with `-a`), the build cache (`buildctl prune`, `--all` with `-a`). Each part that removed something prints
its section (`Deleted Containers:`, `Deleted Networks:`, `Deleted Volumes:`, `Deleted Images:` with its
`untagged:`/`deleted:` lines, `Deleted build cache objects:`) and a blank line; `Total reclaimed space:` (go-units
HumanSize) sums the bytes each part counts as the Engine does: the stopped containers' writable layers (containerd's
snapshot usage, read through the forwarded socket over ssh), 0 for networks, the removed volumes' file sizes, the
sizes of the images that left entirely, the build cache records' sizes. `--filter` reaches each part as docker's
client passes it (`until`, `label`, `label!`; the build cache part reads `until` and BuildKit's keys, not the labels,
as the Engine's does); `until` with `--volumes` is docker's client error. What differs:

- Containers are pruned as docker does, keeping their anonymous volumes (nerdctl's own `container prune` removes
  them: pydock lists the stopped containers and runs `nerdctl rm` without `-v`); `--volumes` then removes them.
- When containerd's snapshot usage cannot be read (a socket pydock cannot open), the containers count 0 bytes.
- With no buildkitd reachable the build cache part is left out (nothing is printed for it), as nerdctl's own
  `system prune` does; docker's Engine always has its builder.
"""


def clients_results(root: Path) -> str:
    """python-on-whales' own tests on the reference engines and pydock, recorded in docs/clients-results.json
    (`make clients`)."""
    import json

    path = root / "docs/clients-results.json"
    if not path.exists():
        return ""
    run = json.loads(path.read_text())
    versions, passed = run.get("versions", {}), run["passed"]
    found = versions.get("engines", {})
    reference = run.get("reference", "")
    others = list(passed.get("others", {}))
    name = {e: f"Docker Engine {found.get(e, versions.get('docker_engine', '?'))}" for e in [reference, *others]}
    second = "".join(f", on {name[e]} as a second column" for e in others)
    lines = [
        "## python-on-whales' own tests",
        "",
        f"`make clients` runs python-on-whales {versions.get('python_on_whales', '?')}'s own container and image "
        "tests (the ones marked `docker`, source from its repository at that tag): with the docker CLI "
        f"{versions.get('docker_cli', '?')} on {name[reference]}, the reference{second}; and with "
        "`docker` resolving to pydock. Docker Hub's images are stand-ins built locally from busybox "
        "(tests/clients/standin_images.py), with a config history as Docker Hub's images have; the tests are "
        "not changed. Tests that need the internet, or that would remove what other users of the shared "
        "reference engines keep, are not run: the list and the reasons follow the table.",
        "",
        f"**{run['selected']} tests: {name[reference]} passes {passed['reference']}, "
        + "".join(f"{name[e]} passes {passed['others'][e]}, " for e in others)
        + f"pydock passes {passed['pydock']}.**",
        "",
        "| test | " + "".join(f"{name[e]} | " for e in [reference, *others]) + "pydock | why pydock differs |",
        "|---|" + "---|" * (len(others) + 3),
    ]
    for r in run["results"]:
        cells = "".join(f" {r.get('others', {}).get(e, 'not run')} |" for e in others)
        lines.append(f"| `{r['test']}` | {r['reference']} |{cells} {r['pydock']} | {table_cell(r.get('why', ''))} |")
    lines += ["", f"Not run ({len(run['deselected'])}), each with its reason:", ""]
    lines += [f"- `{d['test']}`: {d['reason']}" for d in run["deselected"]]
    return "\n".join(lines) + "\n"


def compat_doc(root: Path) -> str:
    sections = [s for s in (IMAGE_IDS, compat_results(root), clients_results(root)) if s]
    return compat_flags() + "".join("\n" + s for s in sections)


def commands_doc(root: Path) -> str:
    from shim import docgen_commands  # imports this module: loaded only once it is complete

    return docgen_commands.commands_md(root)


def man_page(root: Path) -> str:
    from shim import docgen_man

    return docgen_man.man_page(root)


DOCS = {"docs/compat.md": compat_doc, "docs/commands.md": commands_doc, "docs/pydock.1": man_page}


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path.cwd()
    for rel, make in DOCS.items():
        (root / rel).write_text(make(root))
        print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
