"""Differential scenarios: every command path's argument and flag errors, and the prune questions (rules:
tests/compat/scenarios.py).

One scenario per docker command beyond the 13 verbs (its paths together: `start` and `container start`): an
unknown flag, and a wrong number of arguments for docker's rule for that command (its usage line). The command
list is docker 28.2.2's (shim/spec/others.py); what each must print comes from the engines, never from here.
(`builder prune` is left to tests/unit/test_every_command_parity.py: this docker CLI has no buildx plugin, so it
prints its legacy-builder banner first, which a user's docker with buildx does not.)
"""

from __future__ import annotations

from tests.compat.scenario import Scenario

# The command paths of docker 28.2.2 beyond the 13 verbs and inspect/history/build/version/info, with a wrong
# number of arguments each (from its usage line; None: any count is right), grouped by command.
_COMMANDS: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("attach", "container attach"), "a b"), (("commit", "container commit"), ""),
    (("cp", "container cp"), "a"), (("create", "container create"), ""), (("diff", "container diff"), ""),
    (("export", "container export"), "a b"), (("kill", "container kill"), ""), (("pause", "container pause"), ""),
    (("port", "container port"), "a b c"), (("rename", "container rename"), "a"),
    (("restart", "container restart"), ""), (("start", "container start"), ""), (("stats", "container stats"), None),
    (("top", "container top"), ""), (("unpause", "container unpause"), ""), (("update", "container update"), ""),
    (("wait", "container wait"), ""), (("container prune",), "a"), (("events", "system events"), "a"),
    (("import", "image import"), ""), (("image prune",), "a"), (("system df",), "a"), (("system prune",), "a"),
    (("volume create",), "a b"), (("volume inspect",), ""), (("volume ls", "volume list"), "a"),
    (("volume prune",), "a"), (("volume rm", "volume remove"), ""), (("network create",), "a b"),
    (("network connect",), "a"), (("network disconnect",), "a"), (("network inspect",), ""),
    (("network ls", "network list"), "a"), (("network prune",), "a"), (("network rm", "network remove"), ""),
    (("login",), "a b"), (("logout",), "a b"), (("search",), "a b"), (("context ls",), "a"), (("context use",), ""),
    (("context inspect",), None), (("context show",), "a"),
    (("plugin ls",), "a"), (("checkpoint ls",), ""), (("manifest inspect",), ""), (("trust inspect",), ""),
    (("swarm init",), "a"), (("service ls",), "a"), (("node ls",), "a"), (("secret ls",), "a"),
    (("config ls",), "a"), (("stack ls",), "a"),
)


def _errors(paths: tuple[str, ...], wrong: str | None) -> str:
    lines = []
    for path in paths:
        lines.append(f'docker {path} --bogus-flag\necho "exit $?"')
        if wrong is not None:
            lines.append(f'docker {path} {wrong}\necho "exit $?"'.replace(f"{path} \n", f"{path}\n"))
    return "\n".join(lines)


def _id(paths: tuple[str, ...]) -> str:
    return "surface-" + paths[-1].replace(" ", "-") + "-errors"


PER_COMMAND = tuple(Scenario(_id(paths), _errors(paths, wrong)) for paths, wrong in _COMMANDS)

SCENARIOS: tuple[Scenario, ...] = (
    *PER_COMMAND,
    # docker asks before pruning; no answer, or any answer but y, changes nothing and exits 0
    Scenario("surface-prune-questions",
             "docker create --name cmp-prq busybox true >/dev/null\n"
             "for c in 'container prune' 'image prune' 'image prune -a' 'volume prune' 'volume prune -a' "
             "'network prune' 'system prune' 'system prune -a --volumes'; do\n"
             "  docker $c </dev/null; echo \"exit $?\"\n"
             "  echo n | docker $c; echo \"exit $?\"\n"
             "  echo yes | docker $c; echo \"exit $?\"\n"
             "done\n"
             "docker ps -a --format '{{.Names}}'\ndocker rm cmp-prq >/dev/null"),
    Scenario("surface-container-prune-yes",
             "docker create --name cmp-pry busybox true >/dev/null\n"
             "echo y | docker container prune | sed 's/[0-9a-f]\\{64\\}/<ID>/'\necho \"exit $?\"\n"
             "docker ps -a -q --filter name=cmp-pry | wc -l"),
    # only this scenario's containers (the engines are shared): the label filter, and the anonymous volume kept
    Scenario("surface-container-prune-filters",
             "docker create --name cmp-cpf1 --label cmp-cpf=1 -v /data busybox true >/dev/null\n"
             "docker create --name cmp-cpf2 --label cmp-cpf=2 busybox true >/dev/null\n"
             "V=$(docker inspect -f '{{range .Mounts}}{{.Name}}{{end}}' cmp-cpf1)\n"
             "docker container prune -f --filter label=cmp-cpf --filter until=1h\necho \"exit $?\"\n"
             "docker container prune -f --filter label=cmp-cpf --filter label!=cmp-cpf=2 "
             "| sed 's/[0-9a-f]\\{64\\}/<ID>/; s/space: .*/space: <SIZE>/'\necho \"exit $?\"\n"
             "docker ps -a --filter label=cmp-cpf --format '{{.Names}}'\n"
             "docker volume ls -q | grep -c \"^$V$\"\n"
             "docker container prune -f --filter until=soon\necho \"exit $?\"\n"
             "docker rm cmp-cpf2 >/dev/null\ndocker volume rm \"$V\" >/dev/null"),
    Scenario("surface-bad-values",
             "docker create --name cmp-badv busybox sleep 60 >/dev/null\n"
             "for c in 'restart -t x cmp-badv' 'update --memory 12q cmp-badv' 'update --cpus x cmp-badv' "
             "'update --pids-limit x cmp-badv' 'update --blkio-weight 70000 cmp-badv' 'stats --no-stream=maybe' "
             "'kill --signal' 'start --attach=maybe cmp-badv' 'volume create --label' 'network ls --filter x' "
             "'volume ls --filter x' 'container prune --filter x' 'events --since'; do\n"
             "  docker $c; echo \"exit $?\"\ndone\ndocker rm cmp-badv >/dev/null"),
    Scenario("surface-update-without-flags",
             "docker create --name cmp-upd busybox sleep 60 >/dev/null\n"
             "docker update cmp-upd\necho \"exit $?\"\ndocker update --restart=on-failure:3 cmp-upd\n"
             "docker inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}' "
             "cmp-upd\ndocker rm cmp-upd >/dev/null"),
    Scenario("surface-import-missing-file", "docker import /nonexistent/cmp-import.tar\necho \"exit $?\"\n"
             "docker image import /nonexistent/cmp-import.tar cmp-imp:1\necho \"exit $?\""),
    Scenario("surface-login-without-terminal",
             "docker login 127.0.0.1:5001 </dev/null\necho \"exit $?\"\n"
             "docker login -u pydock 127.0.0.1:5001 </dev/null\necho \"exit $?\""),
    Scenario("surface-create-prints-id",
             "ID=$(docker create --name cmp-cid --label a=b -e X=1 busybox sh -c 'echo $X')\n"
             "echo \"${#ID}\"\ndocker inspect -f '{{.Name}} {{index .Config.Labels \"a\"}} {{.State.Status}}' cmp-cid\n"
             "docker start -a cmp-cid\ndocker rm cmp-cid >/dev/null"),
    Scenario("surface-create-client-checks",
             "docker create --rm --restart always busybox\necho \"exit $?\"\n"
             "docker create -w rel busybox\necho \"exit $?\"\n"
             "docker create --env-file /nonexistent/env busybox\necho \"exit $?\"\n"
             "docker create --add-host bad busybox\necho \"exit $?\"\ndocker ps -a -q | wc -l"),
    Scenario("surface-create-double-dash",
             "docker create --name cmp-cdd busybox -- echo hi >/dev/null\necho \"exit $?\"\n"
             "docker inspect -f '{{json .Config.Cmd}}' cmp-cdd\ndocker rm cmp-cdd >/dev/null"),
    Scenario("surface-restart-timeout",
             "docker run -d --name cmp-rst busybox sleep 60 >/dev/null\n"
             "docker restart -t 1 cmp-rst\ndocker restart --timeout 1 cmp-rst\n"
             "docker inspect -f '{{.State.Running}} {{.RestartCount}}' cmp-rst\n"
             "docker rm -f cmp-rst >/dev/null"),
    Scenario("surface-top-ps-options",
             "docker run -d --name cmp-top busybox sleep 60 >/dev/null\n"
             "docker top cmp-top -o pid,comm | awk 'NR>1 {print $2}'\necho \"exit $?\"\n"
             "docker rm -f cmp-top >/dev/null"),
    Scenario("surface-volume-create-driver",
             "docker volume create -d local cmp-vdrv\ndocker volume create --driver nosuch cmp-vdrv2\necho \"exit $?\"\n"
             "docker volume rm cmp-vdrv"),
    Scenario("surface-context-commands",
             # the config folder differs by side: the harness gives each its own
             "docker context ls -q 2>/dev/null\ndocker context show\ndocker context inspect -f '{{.Name}}'\n"
             "docker context use default 2>/dev/null\necho \"exit $?\"\n"
             "for c in 'context use cmp-nosuch' 'context inspect default cmp-nosuch -f {{.Name}}' "
             "'--context cmp-nosuch ps'; do\n"
             "  docker $c 2>&1 | sed 's#open .*/contexts/meta/#open <config>/contexts/meta/#'; echo \"exit ${PIPESTATUS[0]}\"\n"
             "done"),
    Scenario("surface-group-help",
             "for g in container image network volume system context plugin trust checkpoint; do\n"
             "  docker $g --help | head -4\ndone"),
    Scenario("surface-command-help",
             "for c in start 'container kill' 'volume create' 'network connect' 'system prune' cp top; do\n"
             "  docker $c --help | head -12\ndone"),
)

# docker system df's rows (nerdctl has no disk-usage command: pydock computes them). The build cache line is
# left out: each engine's BuildKit holds its own history of builds; and the containers' share of reclaimable
# space, which depends on the files each runtime writes into a container's layer.
SCENARIOS += (
    Scenario("surface-system-df",
             "docker volume create cmp-df-vol >/dev/null\n"
             "docker run -d --name cmp-df-run -v cmp-df-vol:/data busybox sleep 60 >/dev/null\n"
             "docker create --name cmp-df-new busybox true >/dev/null\n"
             "docker system df | grep -v '^Build Cache' | sed '/^Containers/s/([0-9]*%)/(<share>)/'\n"
             "docker system df --format '{{.Type}} {{.TotalCount}} {{.Active}}' | grep -v '^Build Cache'\n"
             "docker system df --format json | head -3 | sed '/Containers/s/([0-9]*%)/(<share>)/'\n"
             "docker system df --format '{{.Nope}}'\necho \"exit $?\"\n"
             "docker rm -f cmp-df-run cmp-df-new >/dev/null\ndocker volume rm cmp-df-vol >/dev/null"),
)
