"""Why the scenarios where pydock does not match the reference, Docker Engine 29, are allowed to differ: each
entry says what differs and why (differences from Engine 20.10 alone are where the two engines differ).

docs/compat.md prints these next to the results; tests/compat/test_compat.py checks that every failing
scenario of the checked-in run (docs/compat-results.json) has one here. Data only.
"""

from __future__ import annotations

EXPLAINED: dict[str, str] = {
    "compose-run-rm": (
        "`compose run SERVICE`: nerdctl's compose creates every volume the project declares, also those only other "
        "services mount, where docker compose creates the run service's own; so pydock's `down -v` removes one more "
        "(empty) volume. Output, exit code and the removed one-off container match."),
    "compose-project-name-flag": (
        "`compose up SERVICE`: as in compose-run-rm, nerdctl's compose creates every declared volume, not only the "
        "named service's; names, labels and the containers match."),
    "builder-prune-usage-errors": (
        "With docker's buildx plugin installed, the docker CLI hands every `docker builder …` line to `docker buildx "
        "…`, so a usage error of `builder prune` names `docker buildx prune` and starts with buildx's `ERROR: `. "
        "pydock parses `builder prune` as docker CLI 28.2.2's own command (its help and errors, which the parity "
        "tests compare with that CLI without plugins) and answers it as buildx does; `docker buildx prune` gives "
        "buildx's usage errors exactly."),
    "surface-update-without-flags": (
        "`docker update --restart` on a created (never started) container: Docker Engine changes the stored "
        "policy; nerdctl 2.3.5's update needs the container's running task and refuses, and containerd offers "
        "no other way to change nerdctl's restart record, so pydock reports nerdctl's refusal."),
    "envfile-order-and-overrides": (
        "The variables and their values match; only `Config.Env`'s order differs: nerdctl puts `PATH` first when "
        "the image defines none, where docker keeps the order given."),
    "image-prune-all": (
        "`image prune -a`: Engine 29 prints `deleted: <ID>` only when it really deletes the image's content, which "
        "depends on what else its shared store holds (run alone here it prints none); pydock, whose namespace holds "
        "nothing else, deletes the content and says so."),
    "port": (
        "differs only when 127.0.0.1:18080 is taken by another user of the machine at that moment (a parallel test in "
        "the recorded run); passes when rerun alone."),
    "volume-lifecycle": (
        "in the recorded run (2026-12-03 19:19) an anonymous volume another run had left on the shared Engine 29 "
        "showed in docker's `volume ls`; passes when rerun alone with that volume gone."),
    "surface-system-df": (
        "in the recorded run the same leftover anonymous volume on the shared Engine 29 made docker count 2 local "
        "volumes; passes when rerun alone with that volume gone."),
    "push-progress": (
        "whether docker mounts a layer from another repository of the shared registry or finds it there depends on "
        "what the registry already held from the other side's run; passes when rerun alone."),
    "pause-exec-top": (
        "`top` of a paused container: nerdctl 2.3.5 prints no processes for a frozen container, where docker lists "
        "them; the other steps (exec refused while paused, states) match."),
    "load-directory": (
        "`load -i DIR`: docker's client message embeds its own API request (`error during connect: Post "
        "\"http://%2Frun%2F…/images/load?quiet=1\": read DIR: is a directory`), socket path and API version "
        "included; pydock prints the same cause (`read DIR: is a directory`) and exit code."),
    "import-garbage": (
        "`import` of a file that is no tar archive: Engine 29's message names a random containerd temporary mount; "
        "pydock prints the same cause (`archive/tar: invalid tar header`) with the same prefix and exit code."),
    "network-connect-created": (
        "nerdctl sets a container's networks up from the `nerdctl/networks` annotation of its OCI spec at every "
        "start, and containerd cannot change a container's spec after create; so pydock connects running "
        "containers only and refuses, in docker's voice, to connect one that is not running (its next start "
        "would ignore the network)."),
}
