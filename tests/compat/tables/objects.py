"""Differential scenarios: volumes and networks (rules: tests/compat/scenarios.py).

The runner cleans containers and images between scenarios, not volumes or networks: every scenario
removes what it makes. Listings are narrowed with `-f name=cmp-…` (or a label), since an engine may hold
other volumes and networks. A volume's Mountpoint is the engine's data root, which differs by design;
scenarios print the part that means something to a script (`…/NAME/_data`).
"""

from __future__ import annotations

from tests.compat.scenario import Scenario

EXIT = 'echo "exit $?"'
# What a Mountpoint means to a script: the volume's own folder, under whatever data root the engine has.
MOUNT_TAIL = "sed -E 's#\"/[^\"]*/(cmp-[^/\"]*/_data)\"#\"…/\\1\"#'"


def _lines(*commands: str) -> str:
    return "\n".join(commands)


SCENARIOS: tuple[Scenario, ...] = (
    # ---- volume create --------------------------------------------------------------------------------
    Scenario("volume-create-existing", _lines(
        "docker volume create cmp-vce", "docker volume create cmp-vce", EXIT, "docker volume rm cmp-vce"),
             "docker answers an existing name with the name, silently"),
    Scenario("volume-create-anonymous", _lines(
        "v=$(docker volume create)", "echo \"${#v}\"", "docker volume inspect -f '{{.Name}}' \"$v\" | wc -c",
        "docker volume rm \"$v\" | wc -c")),
    Scenario("volume-create-name-flag", _lines(
        "docker volume create --name cmp-vcn", EXIT, "docker volume rm cmp-vcn")),
    Scenario("volume-create-driver-local-labels", _lines(
        "docker volume create -d local --label a=b --label c cmp-vcl",
        "docker volume inspect -f '{{.Driver}} {{json .Labels}} {{json .Options}} {{.Scope}}' cmp-vcl",
        "docker volume rm cmp-vcl")),
    Scenario("volume-create-driver-missing", _lines("docker volume create -d cmp-nosuch cmp-vcd", EXIT)),
    Scenario("volume-create-opt-unknown", _lines("docker volume create -o foo=bar cmp-vco", EXIT)),
    Scenario("volume-create-opt-no-value", _lines("docker volume create -o bad cmp-vco", EXIT)),
    Scenario("volume-create-opt-missing-device", _lines("docker volume create -o type=tmpfs cmp-vco", EXIT)),
    Scenario("volume-create-bad-name", _lines("docker volume create 'cmp bad'", EXIT)),
    Scenario("volume-create-too-many", _lines("docker volume create cmp-a cmp-b", EXIT)),

    # ---- volume ls ------------------------------------------------------------------------------------
    Scenario("volume-ls-table", _lines(
        "docker volume create cmp-vlt1 >/dev/null", "docker volume create cmp-vlt2 >/dev/null",
        "docker volume ls -f name=cmp-vlt", "docker volume list --filter name=cmp-vlt2",
        "docker volume rm cmp-vlt1 cmp-vlt2 >/dev/null")),
    Scenario("volume-ls-quiet", _lines(
        "docker volume create cmp-vlq >/dev/null", "docker volume ls -q -f name=cmp-vlq",
        "docker volume ls --quiet --filter name=cmp-vlq-nope", "docker volume rm cmp-vlq >/dev/null")),
    Scenario("volume-ls-format-fields", _lines(
        "docker volume create --label a=b cmp-vlf >/dev/null",
        "docker volume ls -f name=cmp-vlf --format "
        "'{{.Driver}}\\t{{.Name}}\\t{{.Scope}}\\t{{.Labels}}\\t{{.Label \"a\"}}|{{.Label \"nope\"}}|'",
        "docker volume rm cmp-vlf >/dev/null"),
             "one label: docker's client joins .Labels in Go's random map order"),
    Scenario("volume-ls-format-mountpoint", _lines(
        "docker volume create cmp-vlm >/dev/null",
        "docker volume ls -f name=cmp-vlm --format '{{.Mountpoint}}' | awk -F/ '{print $(NF-1) \"/\" $NF}'",
        "docker volume rm cmp-vlm >/dev/null")),
    Scenario("volume-ls-format-json", _lines(
        "docker volume create --label k=v cmp-vlj >/dev/null",
        f"docker volume ls -f name=cmp-vlj --format json | {MOUNT_TAIL}",
        f"docker volume ls -f name=cmp-vlj --format '{{{{json .}}}}' | {MOUNT_TAIL}",
        "docker volume rm cmp-vlj >/dev/null")),
    Scenario("volume-ls-format-table", _lines(
        "docker volume create cmp-vlft >/dev/null",
        "docker volume ls -f name=cmp-vlft --format 'table {{.Name}}\\t{{.Driver}}'",
        "docker volume ls -f name=cmp-vlft --format table", "docker volume rm cmp-vlft >/dev/null")),
    Scenario("volume-ls-filter-label", _lines(
        "docker volume create --label cmp-vll=1 cmp-vll1 >/dev/null",
        "docker volume create --label cmp-vll=2 cmp-vll2 >/dev/null",
        "docker volume ls -q -f label=cmp-vll", "docker volume ls -q -f label=cmp-vll=2",
        "docker volume ls -q -f label=cmp-vll=3", "docker volume rm cmp-vll1 cmp-vll2 >/dev/null")),
    Scenario("volume-ls-filter-dangling", _lines(
        "docker volume create cmp-vld1 >/dev/null", "docker volume create cmp-vld2 >/dev/null",
        "docker create --name cmp-vld -v cmp-vld1:/d busybox true >/dev/null",
        "docker volume ls -q -f name=cmp-vld -f dangling=true",
        "docker volume ls -q -f name=cmp-vld -f dangling=false", "docker volume ls -q -f name=cmp-vld -f dangling=1",
        "docker rm cmp-vld >/dev/null", "docker volume rm cmp-vld1 cmp-vld2 >/dev/null")),
    Scenario("volume-ls-filter-driver", _lines(
        "docker volume create cmp-vldr >/dev/null", "docker volume ls -q -f name=cmp-vldr -f driver=local",
        "docker volume ls -q -f name=cmp-vldr -f driver=nosuch", "docker volume rm cmp-vldr >/dev/null")),
    Scenario("volume-ls-bad-filter", _lines("docker volume ls -f bogus=1", EXIT)),
    Scenario("volume-ls-bad-dangling", _lines("docker volume ls -f dangling=maybe", EXIT)),
    Scenario("volume-ls-bad-template", _lines(
        "docker volume ls -f name=cmp-vlbt-none --format '{{.Nope}}'", EXIT, "docker volume create cmp-vlbt >/dev/null",
        "docker volume ls -f name=cmp-vlbt --format '{{.Nope}}'", EXIT, "docker volume rm cmp-vlbt >/dev/null"),
             "docker runs the template only on the volumes it lists: none listed is no error"),

    # ---- volume inspect -------------------------------------------------------------------------------
    Scenario("volume-inspect-json", _lines(
        "docker volume create cmp-vij >/dev/null", "docker volume create --label a=b cmp-vij2 >/dev/null",
        f"docker volume inspect cmp-vij cmp-vij2 | {MOUNT_TAIL}",
        "docker volume rm cmp-vij cmp-vij2 >/dev/null"),
             "key order and types as docker prints them; Labels and Options null when none"),
    Scenario("volume-inspect-format", _lines(
        "docker volume create --label a=b cmp-vif >/dev/null",
        "docker volume inspect -f '{{.Name}} {{.Driver}} {{.Scope}} {{.Labels.a}} {{json .Options}}' cmp-vif",
        "docker volume inspect --format '{{json .Labels}}' cmp-vif", "docker inspect --type volume -f '{{.Name}}' cmp-vif",
        "docker volume rm cmp-vif >/dev/null")),
    Scenario("volume-inspect-bad-template", _lines(
        "docker volume create cmp-vibt >/dev/null", "docker volume inspect -f '{{.Nope}}' cmp-vibt", EXIT,
        "docker volume rm cmp-vibt >/dev/null")),

    # ---- volume rm / prune ----------------------------------------------------------------------------
    Scenario("volume-rm-in-use", _lines(
        "docker volume create cmp-vru >/dev/null", "docker create --name cmp-vru -v cmp-vru:/d busybox true >/dev/null",
        "docker volume rm cmp-vru", EXIT, "docker volume rm -f cmp-vru", EXIT,
        "docker rm cmp-vru >/dev/null", "docker volume rm cmp-vru")),
    Scenario("volume-rm-force-missing", _lines(
        "docker volume create cmp-vrf >/dev/null", "docker volume rm -f cmp-vrf-nope cmp-vrf", EXIT)),
    Scenario("volume-rm-some-missing", _lines(
        "docker volume create cmp-vrs >/dev/null", "docker volume rm cmp-vrs-nope cmp-vrs", EXIT)),
    Scenario("volume-prune-anonymous", _lines(
        "docker volume create --label cmp-vpa=1 cmp-vpa >/dev/null",
        "docker volume create --label cmp-vpa=1 >/dev/null",
        "docker volume prune -f --filter label=cmp-vpa", EXIT,
        "docker volume ls -q -f label=cmp-vpa", "docker volume rm cmp-vpa >/dev/null"),
             "Engine 29 prunes anonymous volumes only unless --all (20.10 prunes every unused one)"),
    Scenario("volume-prune-all", _lines(
        "docker volume create --label cmp-vpall=1 cmp-vpall >/dev/null",
        "docker volume prune -a -f --filter label=cmp-vpall", EXIT, "docker volume rm cmp-vpall >/dev/null 2>&1"),
             "20.10 refuses --all (API 1.41)"),
    Scenario("volume-prune-in-use", _lines(
        "docker volume create --label cmp-vpu=1 cmp-vpu >/dev/null",
        "docker create --name cmp-vpu -v cmp-vpu:/d busybox true >/dev/null",
        "docker volume prune -af --filter label=cmp-vpu", "docker volume ls -q -f label=cmp-vpu",
        "docker rm cmp-vpu >/dev/null", "docker volume rm cmp-vpu >/dev/null")),
    Scenario("volume-prune-nothing", _lines("docker volume prune -f --filter label=cmp-vpn-none", EXIT)),
    Scenario("volume-prune-bad-filter", _lines("docker volume prune -f --filter bogus=1", EXIT)),

    # ---- network create -------------------------------------------------------------------------------
    Scenario("network-create-existing", _lines(
        "docker network create cmp-nce >/dev/null", "docker network create cmp-nce", EXIT,
        "docker network rm cmp-nce")),
    Scenario("network-create-options", _lines(
        "docker network create -d bridge --subnet 10.231.0.0/24 --gateway 10.231.0.1 --label a=b --label c "
        "--internal cmp-nco | wc -c",
        "docker network inspect -f '{{.Driver}} {{.Internal}} {{json .Labels}} {{json .IPAM.Config}} {{.Scope}} "
        "{{.Attachable}} {{.EnableIPv6}}' cmp-nco", "docker network rm cmp-nco")),
    Scenario("network-create-defaults", _lines(
        "docker network create cmp-ncd >/dev/null",
        "docker network inspect -f '{{.Driver}} {{.Internal}} {{json .Labels}} {{.Scope}} {{.IPAM.Driver}}' cmp-ncd",
        "docker network rm cmp-ncd")),
    Scenario("network-create-bad-subnet", _lines("docker network create --subnet nope cmp-ncb", EXIT),
             "Engine 29 names netip.ParsePrefix; 20.10 words it differently"),
    Scenario("network-create-gateway-outside", _lines(
        "docker network create --subnet 10.232.0.0/24 --gateway 10.233.0.1 cmp-ncg", EXIT)),
    Scenario("network-create-gateway-alone", _lines("docker network create --gateway 10.233.0.1 cmp-ncg", EXIT)),
    Scenario("network-create-bad-gateway", _lines(
        "docker network create --subnet 10.232.0.0/24 --gateway nope cmp-ncg", EXIT)),
    Scenario("network-create-driver-missing", _lines("docker network create -d cmp-nosuch cmp-ncdm", EXIT)),
    Scenario("network-create-driver-host", _lines("docker network create -d host cmp-ncdh", EXIT)),
    Scenario("network-create-no-name", _lines("docker network create", EXIT)),

    # ---- network ls -----------------------------------------------------------------------------------
    Scenario("network-ls-table", _lines(
        "docker network create cmp-nlt1 >/dev/null", "docker network create cmp-nlt2 >/dev/null",
        "docker network ls -f name=cmp-nlt", "docker network list --filter name=cmp-nlt2",
        "docker network rm cmp-nlt1 cmp-nlt2 >/dev/null")),
    Scenario("network-ls-builtin", _lines(
        "docker network ls -f type=builtin --format '{{.Name}} {{.Driver}} {{.Scope}}'",
        "docker network ls -f driver=null", "docker network ls -f name=host -q | wc -c")),
    Scenario("network-ls-format-fields", _lines(
        "docker network create --label a=b --internal cmp-nlf >/dev/null",
        "docker network ls -f name=cmp-nlf --format "
        "'{{.Name}}\\t{{.Driver}}\\t{{.Scope}}\\t{{.Internal}}\\t{{.IPv6}}\\t{{.Labels}}\\t{{.Label \"a\"}}|"
        "{{.Label \"nope\"}}|{{.CreatedAt}}|{{.ID}}'",
        "docker network rm cmp-nlf >/dev/null")),
    Scenario("network-ls-format-json", _lines(
        "docker network create --label k=v cmp-nlj >/dev/null", "docker network ls -f name=cmp-nlj --format json",
        "docker network rm cmp-nlj >/dev/null"),
             "Engine 29 adds IPv4 (true); 20.10 prints false there"),
    Scenario("network-ls-format-table", _lines(
        "docker network create cmp-nlft >/dev/null",
        "docker network ls -f name=cmp-nlft --format 'table {{.Name}}\\t{{.Driver}}'",
        "docker network rm cmp-nlft >/dev/null")),
    Scenario("network-ls-quiet-no-trunc", _lines(
        "docker network create cmp-nlq >/dev/null", "docker network ls -q -f name=cmp-nlq",
        "docker network ls -q --no-trunc -f name=cmp-nlq", "docker network ls --no-trunc -f name=cmp-nlq",
        "docker network ls --no-trunc -f name=cmp-nlq --format '{{.ID}}' | wc -c",
        "docker network rm cmp-nlq >/dev/null")),
    Scenario("network-ls-filter-label-type", _lines(
        "docker network create --label cmp-nll=1 cmp-nll1 >/dev/null",
        "docker network create --label cmp-nll=2 cmp-nll2 >/dev/null",
        "docker network ls -f label=cmp-nll --format '{{.Name}}'",
        "docker network ls -f label=cmp-nll=2 --format '{{.Name}}'",
        "docker network ls -f type=custom -f name=cmp-nll --format '{{.Name}}'",
        "docker network ls -f type=builtin -f name=cmp-nll --format '{{.Name}}'",
        "docker network ls -f driver=bridge -f name=cmp-nll1 --format '{{.Name}}'",
        "docker network rm cmp-nll1 cmp-nll2 >/dev/null")),
    Scenario("network-ls-filter-id", _lines(
        "docker network create cmp-nli >/dev/null",
        "docker network ls -f id=\"$(docker network inspect -f '{{.Id}}' cmp-nli | cut -c1-6)\" --format '{{.Name}}'",
        "docker network rm cmp-nli >/dev/null")),
    Scenario("network-ls-filter-dangling", _lines(
        "docker network create cmp-nld1 >/dev/null", "docker network create cmp-nld2 >/dev/null",
        "docker run -d --name cmp-nld --network cmp-nld1 busybox sleep 30 >/dev/null",
        "docker network ls -f name=cmp-nld -f dangling=true --format '{{.Name}}'",
        "docker network ls -f name=cmp-nld -f dangling=false --format '{{.Name}}'",
        "docker rm -f cmp-nld >/dev/null", "docker network rm cmp-nld1 cmp-nld2 >/dev/null")),
    Scenario("network-ls-bad-filter", _lines("docker network ls -f bogus=1", EXIT)),
    Scenario("network-ls-bad-dangling", _lines("docker network ls -f dangling=maybe", EXIT)),
    Scenario("network-ls-bad-type", _lines("docker network ls -f type=nope", EXIT),
             "Engine 29's wording; 20.10's differs"),
    Scenario("network-ls-bad-template", _lines("docker network ls --format '{{.Nope}}'", EXIT)),

    # ---- network inspect ------------------------------------------------------------------------------
    Scenario("network-inspect-json", _lines(
        "docker network create --subnet 10.234.0.0/24 --gateway 10.234.0.1 --label a=b cmp-nij >/dev/null",
        "docker network inspect cmp-nij", "docker network rm cmp-nij >/dev/null"),
             "Engine 29's keys (EnableIPv4; Options and Labels before Containers)"),
    Scenario("network-inspect-format", _lines(
        "docker network create cmp-nif >/dev/null",
        "docker network inspect -f '{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}} {{.IPAM.Driver}} "
        "{{json .Containers}} {{len .Id}}' cmp-nif",
        "docker inspect --type network -f '{{.Name}}' cmp-nif", "docker network rm cmp-nif >/dev/null")),
    Scenario("network-inspect-builtin", _lines(
        "docker network inspect -f '{{.Name}} {{.Driver}} {{.Scope}}' bridge host none")),
    Scenario("network-inspect-containers", _lines(
        "docker network create cmp-nic >/dev/null",
        "docker run -d --name cmp-nic --network cmp-nic busybox sleep 30 >/dev/null",
        "docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' cmp-nic",
        "docker rm -f cmp-nic >/dev/null", "docker network rm cmp-nic >/dev/null")),

    # ---- network rm / prune ---------------------------------------------------------------------------
    Scenario("network-rm-in-use", _lines(
        "docker network create cmp-nru >/dev/null",
        "docker run -d --name cmp-nru --network cmp-nru busybox sleep 30 >/dev/null",
        "docker network rm cmp-nru", EXIT, "docker network rm -f cmp-nru", EXIT,
        "docker rm -f cmp-nru >/dev/null", "docker network rm cmp-nru"),
             "Engine 29 names the endpoint (20.10 the network ID)"),
    Scenario("network-rm-predefined", _lines("docker network rm bridge", EXIT, "docker network rm host none", EXIT)),
    Scenario("network-rm-force-missing", _lines(
        "docker network create cmp-nrf >/dev/null", "docker network rm -f cmp-nrf-nope cmp-nrf", EXIT)),
    Scenario("network-prune", _lines(
        "docker network create --label cmp-np=1 cmp-np1 >/dev/null",
        "docker network create --label cmp-np=1 cmp-np2 >/dev/null",
        "docker network prune -f --filter label=cmp-np | sort", EXIT,
        "docker network prune -f --filter label=cmp-np", EXIT),
             "sorted: the engines list pruned networks in map order"),
    Scenario("network-prune-in-use", _lines(
        "docker network create --label cmp-npu=1 cmp-npu >/dev/null",
        "docker run -d --name cmp-npu --network cmp-npu busybox sleep 30 >/dev/null",
        "docker network prune -f --filter label=cmp-npu", "docker network ls -q -f name=cmp-npu | wc -l",
        "docker rm -f cmp-npu >/dev/null", "docker network rm cmp-npu >/dev/null")),
    Scenario("network-prune-bad-filter", _lines("docker network prune -f --filter bogus=1", EXIT)),

    # ---- run on a network -----------------------------------------------------------------------------
    Scenario("run-network-missing", _lines(
        "docker run --rm --network cmp-nosuch busybox true", EXIT,
        "docker run -d --name cmp-rnm --network cmp-nosuch busybox true", EXIT,
        "docker rm -f cmp-rnm >/dev/null 2>&1")),
    Scenario("run-network-custom", _lines(
        "docker network create cmp-rnc >/dev/null",
        "docker run --rm --network cmp-rnc busybox sh -c 'ls /sys/class/net | sort'",
        "docker network rm cmp-rnc >/dev/null")),

    # ---- network connect / disconnect -----------------------------------------------------------------
    Scenario("network-connect-running", _lines(
        "docker network create cmp-ncr1 >/dev/null", "docker network create cmp-ncr2 >/dev/null",
        "docker run -d --name cmp-ncr --network cmp-ncr1 busybox sleep 60 >/dev/null",
        "docker network connect cmp-ncr2 cmp-ncr", EXIT,
        "docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' cmp-ncr",
        "docker exec cmp-ncr ls /sys/class/net",
        "docker inspect -f '{{with index .NetworkSettings.Networks \"cmp-ncr2\"}}{{if .IPAddress}}address{{end}} "
        "{{if .MacAddress}}mac{{end}}{{end}}' cmp-ncr",
        "docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' cmp-ncr2",
        "docker rm -f cmp-ncr >/dev/null", "docker network rm cmp-ncr1 cmp-ncr2")),
    Scenario("network-connect-reach", _lines(
        "docker network create cmp-ncp1 >/dev/null", "docker network create cmp-ncp2 >/dev/null",
        "docker run -d --name cmp-ncpa --network cmp-ncp1 busybox sleep 60 >/dev/null",
        "docker run -d --name cmp-ncpb --network cmp-ncp2 busybox sleep 60 >/dev/null",
        "ip=$(docker inspect -f '{{(index .NetworkSettings.Networks \"cmp-ncp2\").IPAddress}}' cmp-ncpb)",
        "docker network connect cmp-ncp2 cmp-ncpa",
        "docker exec cmp-ncpa ping -c1 -W2 \"$ip\" >/dev/null; echo \"after $?\"",
        "docker rm -f cmp-ncpa cmp-ncpb >/dev/null", "docker network rm cmp-ncp1 cmp-ncp2 >/dev/null"),
             "the new interface carries traffic: a container on another network answers (not checked before "
             "connecting: whether bridge networks are isolated depends on the host's firewall, on both sides)"),
    Scenario("network-disconnect-running", _lines(
        "docker network create cmp-ndr1 >/dev/null", "docker network create cmp-ndr2 >/dev/null",
        "docker run -d --name cmp-ndr --network cmp-ndr1 busybox sleep 60 >/dev/null",
        "docker network connect cmp-ndr2 cmp-ndr", "docker network disconnect cmp-ndr2 cmp-ndr", EXIT,
        "docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' cmp-ndr",
        "docker exec cmp-ndr ls /sys/class/net", "docker network rm cmp-ndr2", EXIT,
        "docker rm -f cmp-ndr >/dev/null", "docker network rm cmp-ndr1")),
    Scenario("network-connect-already", _lines(
        "docker network create cmp-nca >/dev/null",
        "docker run -d --name cmp-nca --network cmp-nca busybox sleep 60 >/dev/null",
        "docker network connect cmp-nca cmp-nca", EXIT,
        "docker rm -f cmp-nca >/dev/null", "docker network rm cmp-nca >/dev/null")),
    Scenario("network-disconnect-not-connected", _lines(
        "docker network create cmp-ndn >/dev/null", "docker run -d --name cmp-ndn busybox sleep 60 >/dev/null",
        "docker network disconnect cmp-ndn cmp-ndn", EXIT,
        "docker rm -f cmp-ndn >/dev/null", "docker network rm cmp-ndn >/dev/null")),
    Scenario("network-connect-missing", _lines(
        "docker network create cmp-ncm >/dev/null", "docker run -d --name cmp-ncm busybox sleep 60 >/dev/null",
        "docker network connect cmp-ncm-nope cmp-ncm", EXIT, "docker network connect cmp-ncm cmp-ncm-nope", EXIT,
        "docker network disconnect cmp-ncm-nope cmp-ncm", EXIT, "docker network disconnect cmp-ncm cmp-ncm-nope", EXIT,
        "docker rm -f cmp-ncm >/dev/null", "docker network rm cmp-ncm >/dev/null")),
    Scenario("network-connect-created", _lines(
        "docker network create cmp-ncc >/dev/null", "docker create --name cmp-ncc busybox ls /sys/class/net >/dev/null",
        "docker network connect cmp-ncc cmp-ncc", EXIT,
        "docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' cmp-ncc",
        "docker start -a cmp-ncc", "docker rm cmp-ncc >/dev/null", "docker network rm cmp-ncc >/dev/null"),
             "a created container joins the network when it starts; pydock refuses (see network_attach.py)"),
    Scenario("network-connect-host", _lines(
        "docker run -d --name cmp-nch busybox sleep 60 >/dev/null", "docker network connect host cmp-nch", EXIT,
        "docker rm -f cmp-nch >/dev/null"),
             "Engine 29's wording; 20.10's differs"),
)
