"""Differential scenarios: containers beyond run/ps/stop/rm/exec/logs: start, attach, kill, pause, wait, restart, update, stats, top, export, commit, env files (rules: tests/compat/scenarios.py)."""

from __future__ import annotations

from tests.compat.scenario import Scenario

_EXIT = 'echo "exit $?"\n'
# The env-file variables a snippet prints, sorted, each closed by `|` so trailing whitespace shows.
_SHOW_ENV = "sh -c 'env | grep -E \"^[A-G]=\" | sort | sed \"s/\\$/|/\"'"

ENV_FILES: tuple[Scenario, ...] = (
    Scenario("envfile-whitespace-comments",
             "printf 'A=one\\n  B=leading trimmed\\nC=trailing kept   \\n# D=comment\\n\\n   \\n\\tE=tab\\n"
             "F=\"quotes kept\"\\nG=a=b=c\\n' > cmp.env\n"
             f"docker run --rm --env-file cmp.env busybox {_SHOW_ENV}"),
    Scenario("envfile-bare-names",
             "export A=from-host B=\nprintf 'A\\nB\\nC\\nD=\\n' > cmp.env\n"
             f"docker run --rm --env-file cmp.env busybox {_SHOW_ENV}",
             "a bare NAME takes the caller's value, set-but-empty included; an unset one is left out"),
    Scenario("envfile-bom-crlf",
             "printf '\\357\\273\\277A=bom\\r\\nB=2\\n' > cmp.env\n"
             "docker run --rm --env-file cmp.env busybox sh -c 'printf %s \"$A|$B\" | od -An -c'"),
    Scenario("envfile-name-with-space", "printf 'A B=1\\n' > cmp.env\n"
             f"docker run --rm --env-file cmp.env busybox true\n{_EXIT}"),
    Scenario("envfile-trailing-space-in-name", "printf 'A =1\\n' > cmp.env\n"
             f"docker create --env-file cmp.env busybox true\n{_EXIT}"),
    Scenario("envfile-no-name", "printf 'A=1\\n=2\\n' > cmp.env\n"
             f"docker run --rm --env-file cmp.env busybox true\n{_EXIT}"),
    Scenario("envfile-invalid-utf8", "printf 'A=1\\nB=\\377x\\n' > cmp.env\n"
             f"docker run --rm --env-file cmp.env busybox true\n{_EXIT}"),
    Scenario("envfile-line-too-long", "head -c 70000 /dev/zero | tr '\\0' x | sed 's/^/A=/' > cmp.env\n"
             f"docker run --rm --env-file cmp.env busybox true\n{_EXIT}"),
    Scenario("envfile-directory", "mkdir cmp.d\n"
             f"docker run --rm --env-file cmp.d busybox true\n{_EXIT}"),
    Scenario("envfile-order-and-overrides",
             "printf 'X=file1\\nY=file1\\nPATH=/cmp\\n' > a.env\nprintf 'Y=file2\\nZ=file2\\n' > b.env\n"
             "docker create --name cmp-envord --env-file a.env --env-file b.env -e Z=flag -e W=flag busybox true >/dev/null\n"
             "docker inspect -f '{{json .Config.Env}}' cmp-envord\ndocker rm cmp-envord >/dev/null"),
    Scenario("envfile-create-start",
             "printf 'A=created  \\n' > cmp.env\ndocker create --name cmp-envcs --env-file cmp.env busybox "
             "sh -c 'echo \"[$A]\"' >/dev/null\ndocker start -a cmp-envcs\ndocker rm cmp-envcs >/dev/null"),
    Scenario("envfile-exec",
             "printf 'A=exec  \\n# no\\nB\\n' > cmp.env\nexport B=host\n"
             "docker run -d --name cmp-envx busybox sleep 60 >/dev/null\n"
             "docker exec --env-file cmp.env cmp-envx sh -c 'echo \"[$A][$B]\"'\n"
             "docker exec --env-file cmp.env -e A=flag cmp-envx sh -c 'echo \"[$A]\"'\n"
             "printf 'bad name=1\\n' > bad.env\ndocker exec --env-file bad.env cmp-envx true\n" + _EXIT
             + "docker exec --env-file nope.env cmp-envx true\n" + _EXIT + "docker rm -f cmp-envx >/dev/null"),
)

ATTACH: tuple[Scenario, ...] = (
    Scenario("attach-stdout-exit-code", "docker run -a stdout --rm busybox sh -c 'echo out; echo err >&2; exit 7'\n"
             + _EXIT),
    Scenario("attach-stderr-exit-code", "docker run -a stderr --rm busybox sh -c 'echo out; echo err >&2; exit 6'\n"
             + _EXIT),
    Scenario("attach-stdout-stderr", "docker run -a stdout -a stderr --rm busybox sh -c 'echo out; echo err >&2'\n"
             + _EXIT),
    Scenario("attach-stdin-stdout-pipe", "echo piped | docker run -a stdin -a stdout -i --rm busybox cat\n" + _EXIT),
    Scenario("attach-stdin-stdout-without-i", "echo piped | docker run -a stdin -a stdout --rm busybox cat\n" + _EXIT,
             "-a stdin without -i: docker attaches stdin but the container's stdin is not kept open"),
    Scenario("attach-interactive-stderr", "echo piped | docker run -i -a stderr --rm busybox sh -c 'cat >&2; echo out'\n"
             + _EXIT),
    Scenario("attach-uppercase-name", "docker run -a STDOUT --rm busybox echo upper\n" + _EXIT),
    Scenario("attach-with-detach", "docker run -d -a stdout busybox true\n" + _EXIT),
    Scenario("attach-named-container", "docker run -a stdout --name cmp-att-named busybox echo named\n"
             "docker wait cmp-att-named\ndocker ps -a --filter name=cmp-att-named --format '{{.Names}} {{.Status}}'\n"
             "docker rm cmp-att-named >/dev/null",
             "wait first: Engine 29 may still list the container as Up just after an attached run returns"),
    Scenario("attach-command-running", "docker run -d --name cmp-attc busybox sh -c 'sleep 2; echo late; exit 4' >/dev/null\n"
             "docker attach cmp-attc\n" + _EXIT + "docker rm cmp-attc >/dev/null"),
    Scenario("attach-command-no-stdin", "docker run -d --name cmp-attn busybox sh -c 'sleep 2; echo late >&2' >/dev/null\n"
             "docker attach --no-stdin cmp-attn\n" + _EXIT + "docker rm cmp-attn >/dev/null"),
    Scenario("attach-command-stopped", "docker run --name cmp-atts busybox true\ndocker attach cmp-atts\n" + _EXIT
             + "docker rm cmp-atts >/dev/null"),
    Scenario("attach-command-paused", "docker run -d --name cmp-attp busybox sleep 60 >/dev/null\n"
             "docker pause cmp-attp >/dev/null\ndocker attach cmp-attp\n" + _EXIT + "docker rm -f cmp-attp >/dev/null"),
)

START: tuple[Scenario, ...] = (
    Scenario("start-attach-exit-code", "docker create --name cmp-sa busybox sh -c 'echo out; echo err >&2; exit 5' >/dev/null\n"
             "docker start -a cmp-sa\n" + _EXIT + "docker start --attach cmp-sa 2>/dev/null\n" + _EXIT
             + "docker rm cmp-sa >/dev/null"),
    Scenario("start-attach-interactive", "docker create -i --name cmp-sai busybox sh -c 'cat; exit 6' >/dev/null\n"
             "echo from-stdin | docker start -ai cmp-sai\n" + _EXIT + "docker rm cmp-sai >/dev/null"),
    Scenario("start-prints-names", "docker create --name cmp-sp1 busybox sleep 60 >/dev/null\n"
             "docker create --name cmp-sp2 busybox sleep 60 >/dev/null\n"
             "docker start cmp-sp1 cmp-sp2\n" + _EXIT + "docker start cmp-sp1\n" + _EXIT
             + "docker ps --format '{{.Names}}' | sort\ndocker rm -f cmp-sp1 cmp-sp2 >/dev/null"),
    Scenario("start-some-missing", "docker create --name cmp-ssm busybox true >/dev/null\n"
             "docker start cmp-ssm cmp-ssm-nope\n" + _EXIT + "docker rm cmp-ssm >/dev/null"),
    Scenario("start-attach-several", "docker create --name cmp-sas1 busybox true >/dev/null\n"
             "docker create --name cmp-sas2 busybox true >/dev/null\n"
             "docker start -a cmp-sas1 cmp-sas2\n" + _EXIT + "docker rm cmp-sas1 cmp-sas2 >/dev/null"),
    Scenario("start-no-args", "docker start\n" + _EXIT),
    Scenario("start-paused", "docker run -d --name cmp-spz busybox sleep 60 >/dev/null\ndocker pause cmp-spz >/dev/null\n"
             "docker start cmp-spz\n" + _EXIT + "docker rm -f cmp-spz >/dev/null"),
    Scenario("start-bad-command", "docker create --name cmp-sbc busybox cmp-no-such-binary >/dev/null\n"
             "docker start cmp-sbc >/dev/null 2>&1\n" + _EXIT
             + "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' cmp-sbc\ndocker rm cmp-sbc >/dev/null",
             "only the exit code and state: the engines word the runtime's error differently"),
    Scenario("restart-states", "docker run -d --name cmp-rs busybox sleep 60 >/dev/null\n"
             "docker restart -t 0 cmp-rs\n" + _EXIT
             + "docker inspect -f '{{.State.Status}} {{.RestartCount}}' cmp-rs\ndocker stop -t 0 cmp-rs >/dev/null\n"
             "docker container restart --time 0 cmp-rs\ndocker inspect -f '{{.State.Status}}' cmp-rs\n"
             "docker create --name cmp-rs2 busybox sleep 60 >/dev/null\ndocker restart cmp-rs2\n"
             "docker inspect -f '{{.State.Status}}' cmp-rs2\ndocker rm -f cmp-rs cmp-rs2 >/dev/null"),
    Scenario("restart-bad-timeout", "docker restart -t x cmp-rbt\n" + _EXIT),
    Scenario("restart-some-missing", "docker run -d --name cmp-rsm busybox sleep 60 >/dev/null\n"
             "docker restart -t 0 cmp-rsm cmp-rsm-nope\n" + _EXIT + "docker rm -f cmp-rsm >/dev/null"),
    Scenario("bind-source-missing", "docker run --rm -v \"$PWD/cmp-src\":/x busybox sh -c 'test -d /x && echo dir'\n"
             + _EXIT + "test -d cmp-src && echo created\n"
             "docker run --rm --mount type=bind,src=\"$PWD/cmp-nope\",dst=/x busybox true\n" + _EXIT
             + "test -e cmp-nope || echo not-created",
             "-v creates a missing host folder; --mount refuses it"),
    Scenario("bind-source-missing-readonly", "docker run --rm --mount type=bind,src=/cmp-nonexistent,dst=/x,readonly "
             "busybox true\n" + _EXIT),
)

SIGNALS: tuple[Scenario, ...] = (
    Scenario("kill-stopped", "docker run --name cmp-ks busybox true\ndocker kill cmp-ks\n" + _EXIT
             + "docker kill -s HUP cmp-ks\n" + _EXIT + "docker rm cmp-ks >/dev/null"),
    Scenario("kill-signals", "docker run -d --name cmp-ksig busybox sh -c "
             "'trap \"echo usr1\" USR1; trap \"echo hup\" HUP; trap \"echo term; exit 3\" TERM; "
             "echo ready; while :; do sleep 0.1; done' >/dev/null\n"
             "for i in $(seq 50); do [ -n \"$(docker logs cmp-ksig)\" ] && break; sleep 0.1; done\n"
             "docker kill -s USR1 cmp-ksig\nsleep 0.5\ndocker kill --signal SIGHUP cmp-ksig\nsleep 0.5\n"
             "docker kill -s 15 cmp-ksig\ndocker wait cmp-ksig\ndocker logs cmp-ksig\ndocker rm cmp-ksig >/dev/null"),
    Scenario("kill-bad-signal", "docker run -d --name cmp-kbs busybox sleep 60 >/dev/null\n"
             "docker kill -s SIGFOO cmp-kbs\n" + _EXIT + "docker kill -s 99 cmp-kbs\n" + _EXIT
             + "docker kill -s '' cmp-kbs\n" + _EXIT + "docker rm -f cmp-kbs >/dev/null"),
    Scenario("kill-exit-status", "docker run -d --name cmp-kx busybox sleep 60 >/dev/null\ndocker kill cmp-kx >/dev/null\n"
             "docker wait cmp-kx\ndocker ps -a --filter name=cmp-kx --format '{{.Status}}'\n"
             "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}' cmp-kx\n"
             "docker rm cmp-kx >/dev/null"),
    Scenario("kill-no-args", "docker kill\n" + _EXIT),
    Scenario("wait-exit-codes", "docker run -d --name cmp-we busybox sh -c 'exit 3' >/dev/null\n"
             "docker run -d --name cmp-we2 busybox sh -c 'sleep 1; exit 42' >/dev/null\n"
             "docker wait cmp-we cmp-we2\n" + _EXIT + "docker container wait cmp-we\n"
             "docker rm cmp-we cmp-we2 >/dev/null"),
    Scenario("wait-no-args", "docker wait\n" + _EXIT),
)

PAUSE: tuple[Scenario, ...] = (
    Scenario("pause-state", "docker run -d --name cmp-ps busybox sleep 60 >/dev/null\ndocker pause cmp-ps\n"
             "docker inspect -f '{{.State.Status}} {{.State.Running}} {{.State.Paused}} {{.State.Restarting}}' cmp-ps\n"
             "docker ps --format '{{.Names}} {{.Status}} {{.State}}'\n"
             "docker ps --filter status=paused --format '{{.Names}}'\n"
             "docker ps --filter status=running --format '{{.Names}}'\n"
             "docker unpause cmp-ps\ndocker inspect -f '{{.State.Status}} {{.State.Running}} {{.State.Paused}}' cmp-ps\n"
             "docker rm -f cmp-ps >/dev/null"),
    Scenario("pause-twice", "docker run -d --name cmp-p2 busybox sleep 60 >/dev/null\ndocker pause cmp-p2\n"
             "docker pause cmp-p2\n" + _EXIT + "docker unpause cmp-p2\ndocker unpause cmp-p2\n" + _EXIT
             + "docker rm -f cmp-p2 >/dev/null"),
    Scenario("pause-stopped", "docker run --name cmp-pst busybox true\ndocker pause cmp-pst\n" + _EXIT
             + "docker unpause cmp-pst\n" + _EXIT + "docker rm cmp-pst >/dev/null"),
    Scenario("pause-then-stop-rm", "docker run -d --name cmp-psr busybox sleep 60 >/dev/null\n"
             "docker pause cmp-psr >/dev/null\ndocker rm cmp-psr\n" + _EXIT + "docker stop -t 1 cmp-psr\n" + _EXIT
             + "docker inspect -f '{{.State.Status}} {{.State.Paused}}' cmp-psr\ndocker rm cmp-psr"),
    Scenario("pause-kill", "docker run -d --name cmp-pk busybox sleep 60 >/dev/null\n"
             "docker pause cmp-pk >/dev/null\ndocker kill cmp-pk\n" + _EXIT + "docker wait cmp-pk\n"
             "docker inspect -f '{{.State.Status}} {{.State.Paused}}' cmp-pk\ndocker rm cmp-pk >/dev/null"),
    Scenario("pause-several", "docker run -d --name cmp-pv1 busybox sleep 60 >/dev/null\n"
             "docker pause cmp-pv1 cmp-pv-nope\n" + _EXIT + "docker unpause cmp-pv1 cmp-pv-nope\n" + _EXIT
             + "docker container pause cmp-pv1\ndocker container unpause cmp-pv1\ndocker rm -f cmp-pv1 >/dev/null"),
    Scenario("pause-exec-top", "docker run -d --name cmp-pet busybox sleep 60 >/dev/null\n"
             "docker pause cmp-pet >/dev/null\ndocker exec -i cmp-pet true\n" + _EXIT
             + "docker top cmp-pet | awk '{print $NF}'\n" + _EXIT + "docker rm -f cmp-pet >/dev/null"),
)

INFO: tuple[Scenario, ...] = (
    Scenario("top-columns", "docker run -d --name cmp-top busybox sleep 60 >/dev/null\n"
             "docker top cmp-top | head -1\ndocker top cmp-top | awk 'NR>1 {print $NF}'\n"
             "docker top cmp-top -o pid,comm | awk '{print $2}'\ndocker container top cmp-top aux | head -1\n"
             "docker rm -f cmp-top >/dev/null"),
    Scenario("top-errors", "docker run -d --name cmp-tope busybox sleep 60 >/dev/null\n"
             "docker top cmp-tope -o bogus >/dev/null\n" + _EXIT + "docker top\n" + _EXIT
             + "docker rm -f cmp-tope >/dev/null\ndocker run --name cmp-tope busybox true\ndocker top cmp-tope\n" + _EXIT
             + "docker rm cmp-tope >/dev/null",
             "stdout hidden for the bad ps option: the message quotes the host's ps, which differs"),
    Scenario("port-cases", "docker run -d --name cmp-pc -p 127.0.0.1:18081:80 -p 127.0.0.1:18082:53/udp busybox sleep 60 >/dev/null\n"
             "docker port cmp-pc 53/udp\ndocker port cmp-pc 80/tcp\ndocker port cmp-pc 53\n" + _EXIT
             + "docker port cmp-pc 80/xyz\n" + _EXIT + "docker port cmp-pc abc\n" + _EXIT
             + "docker run -d --name cmp-pc2 busybox sleep 60 >/dev/null\ndocker port cmp-pc2\n" + _EXIT
             + "docker port\n" + _EXIT + "docker rm -f cmp-pc cmp-pc2 >/dev/null"),
    Scenario("stats-table-format", "docker run -d --name cmp-stf busybox sleep 60 >/dev/null\n"
             "docker stats --no-stream --format 'table {{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.NetIO}}\\t"
             "{{.BlockIO}}\\t{{.PIDs}}' cmp-stf | head -1 | tr -s ' '\n"
             "docker stats --no-stream --format 'table {{.ID}}\\t{{.MemPerc}}' cmp-stf | awk 'NR==1'\n"
             "docker stats --no-stream --format '{{.Name}} {{.PIDs}}' cmp-stf\n"
             "docker stats --no-stream --format json cmp-stf | head -c 1; echo\n"
             "docker rm -f cmp-stf >/dev/null",
             "the headers' padding follows the values' widths (the network counters differ): spaces squeezed"),
    Scenario("stats-default-table", "docker run -d --name cmp-sdt busybox sleep 60 >/dev/null\n"
             "docker stats --no-stream cmp-sdt | awk 'NR==1 {$1=$1; print} NR==2 {print $2, NF}'\n"
             "docker stats --no-stream --no-trunc cmp-sdt | awk 'NR==2 {print length($1)}'\n"
             "docker rm -f cmp-sdt >/dev/null"),
    Scenario("stats-stopped-container", "docker create --name cmp-ssc busybox true >/dev/null\n"
             "docker stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}' cmp-ssc\n" + _EXIT
             + "docker rm cmp-ssc >/dev/null"),
    Scenario("stats-all-filtered", "docker run -d --name cmp-saf busybox sleep 60 >/dev/null\n"
             "docker create --name cmp-saf2 busybox true >/dev/null\n"
             "docker stats --no-stream --format '{{.Name}}' | sort\n"
             "docker stats -a --no-stream --format '{{.Name}}' | sort\ndocker rm -f cmp-saf cmp-saf2 >/dev/null"),
)

CHANGE: tuple[Scenario, ...] = (
    Scenario("rename-cases", "docker run -d --name cmp-rn busybox sleep 60 >/dev/null\n"
             "docker create --name cmp-rn-other busybox true >/dev/null\n"
             "docker rename cmp-rn cmp-rn-other\n" + _EXIT + "docker rename cmp-rn cmp-rn\n" + _EXIT
             + "docker rename cmp-rn 'bad name'\n" + _EXIT + "docker rename cmp-rn /cmp-rn-slash\n" + _EXIT
             + "docker rename cmp-rn\n" + _EXIT
             + "docker ps -a --format '{{.Names}}' | sort\ndocker rm -f $(docker ps -aq) >/dev/null"),
    Scenario("rename-then-use", "docker run -d --name cmp-rnu busybox sleep 60 >/dev/null\n"
             "docker rename cmp-rnu cmp-rnu2\ndocker exec cmp-rnu2 echo renamed\n"
             "docker inspect -f '{{.Name}}' cmp-rnu2\ndocker inspect cmp-rnu >/dev/null 2>&1\n" + _EXIT
             + "docker run -d --name cmp-rnu busybox sleep 60 >/dev/null\n" + _EXIT
             + "docker rm -f cmp-rnu cmp-rnu2 >/dev/null"),
    Scenario("update-values", "docker run -d --name cmp-up busybox sleep 60 >/dev/null\n"
             "docker update --cpus 0.5 --memory 64m --memory-swap 128m cmp-up\n" + _EXIT
             + "docker inspect -f '{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' cmp-up\n"
             "docker update --restart on-failure:3 cmp-up\n"
             "docker inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}' cmp-up\n"
             "docker container update --pids-limit 20 cmp-up\ndocker inspect -f '{{.HostConfig.PidsLimit}}' cmp-up\n"
             "docker rm -f cmp-up >/dev/null"),
    Scenario("update-errors", "docker run -d --name cmp-upe busybox sleep 60 >/dev/null\n"
             "docker update cmp-upe\n" + _EXIT + "docker update --cpus abc cmp-upe\n" + _EXIT
             + "docker update --memory lots cmp-upe\n" + _EXIT + "docker update --restart sometimes cmp-upe\n" + _EXIT
             + "docker update --cpus 1\n" + _EXIT + "docker rm -f cmp-upe >/dev/null"),
    Scenario("cp-cases", "docker run -d --name cmp-cpc busybox sleep 60 >/dev/null\nmkdir d && echo f > d/f\n"
             "docker cp d cmp-cpc:/tmp/\ndocker exec cmp-cpc cat /tmp/d/f\n"
             "docker cp cmp-cpc:/tmp/d out\ncat out/f\n"
             "docker cp cmp-cpc:/etc/hostname - | tar t\n"
             "docker cp in-nope cmp-cpc:/tmp\n" + _EXIT + "docker cp d cmp-cpc:/nonexistent/dir/x\n" + _EXIT
             + "docker cp a b\n" + _EXIT + "docker cp cmp-cpc:/etc/hostname cmp-cpc:/tmp\n" + _EXIT
             + "docker rm -f cmp-cpc >/dev/null"),
    Scenario("cp-stopped-container", "docker create --name cmp-cps busybox true >/dev/null\necho x > f.txt\n"
             "docker cp f.txt cmp-cps:/f.txt\n" + _EXIT + "docker cp cmp-cps:/f.txt back.txt\ncat back.txt\n"
             "docker rm cmp-cps >/dev/null"),
    Scenario("diff-created-and-running", "docker create --name cmp-dcr busybox sh -c 'touch /tmp/x; sleep 60' >/dev/null\n"
             "docker diff cmp-dcr\n" + _EXIT + "docker start cmp-dcr >/dev/null\n"
             "for i in $(seq 50); do docker diff cmp-dcr | grep -q x && break; sleep 0.1; done\n"
             "docker diff cmp-dcr | sort\ndocker rm -f cmp-dcr >/dev/null"),
)

EXPORT_COMMIT: tuple[Scenario, ...] = (
    Scenario("export-file-list", "docker run --name cmp-exp busybox sh -c 'echo x > /tmp/new'\n"
             "docker export cmp-exp | tar t | sort | grep -E '^(\\.dockerenv|tmp/|etc/hostname|etc/hosts|"
             "etc/resolv.conf|dev/|proc/|sys/|bin/sh|etc/passwd)'\ndocker rm cmp-exp >/dev/null"),
    Scenario("export-dockerenv", "docker run --name cmp-expd busybox sh -c 'ls -la /.dockerenv | cut -c1-10; "
             "wc -c < /.dockerenv'\ndocker export cmp-expd | tar tv | grep dockerenv | cut -c1-10\n"
             "docker rm cmp-expd >/dev/null"),
    Scenario("export-output-file", "docker create --name cmp-expo busybox true >/dev/null\n"
             "docker export -o cmp.tar cmp-expo\n" + _EXIT + "tar tf cmp.tar | grep -c '^bin/'\n"
             "docker container export --output=cmp2.tar cmp-expo\ncmp cmp.tar cmp2.tar >/dev/null && echo same\n"
             "docker export -o /nonexistent-cmp/x.tar cmp-expo\n" + _EXIT + "docker export\n" + _EXIT
             + "docker rm cmp-expo >/dev/null",
             "two exports of one container are byte for byte the same archive"),
    Scenario("export-import-round-trip", "docker run --name cmp-expr busybox sh -c 'echo kept > /kept'\n"
             "docker export cmp-expr | docker import - cmp-expr-img:1 >/dev/null\n"
             "docker run --rm cmp-expr-img:1 cat /kept\ndocker run --rm cmp-expr-img:1 ls -a / | grep -c dockerenv\n"
             "docker rm cmp-expr >/dev/null\ndocker rmi cmp-expr-img:1 >/dev/null"),
    Scenario("commit-changes", "docker run --name cmp-cc busybox sh -c 'echo committed > /f'\n"
             "docker commit -c 'ENV A=b C=d' -c 'CMD [\"cat\", \"/f\"]' -c 'LABEL k=v' -c 'EXPOSE 8080/tcp' "
             "-c 'WORKDIR /tmp' -c 'USER nobody' -c 'VOLUME /data' cmp-cc cmp-cc-img:1 | wc -c\n"
             "docker run --rm cmp-cc-img:1\ndocker run --rm cmp-cc-img:1 sh -c 'echo $A $C; pwd; id -un'\n"
             "docker image inspect -f '{{json .Config.Env}} {{json .Config.Cmd}} {{json .Config.Labels}} "
             "{{json .Config.ExposedPorts}} {{.Config.WorkingDir}} {{.Config.User}} {{json .Config.Volumes}}' cmp-cc-img:1\n"
             "docker rm cmp-cc >/dev/null\ndocker rmi cmp-cc-img:1 >/dev/null"),
    Scenario("commit-entrypoint", "docker run --name cmp-ce busybox true\n"
             "docker commit --change 'ENTRYPOINT [\"echo\", \"entry\"]' cmp-ce cmp-ce-img >/dev/null\n"
             "docker run --rm cmp-ce-img arg\n"
             "docker image inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' cmp-ce-img\n"
             "docker commit -c 'ENTRYPOINT echo shell-form' cmp-ce cmp-ce-img:2 >/dev/null\n"
             "docker image inspect -f '{{json .Config.Entrypoint}}' cmp-ce-img:2\n"
             "docker rm cmp-ce >/dev/null\ndocker rmi cmp-ce-img cmp-ce-img:2 >/dev/null"),
    Scenario("commit-message-author", "docker run --name cmp-cma busybox true\n"
             "docker commit -m 'a message' -a 'Ann Author <a@b.c>' cmp-cma cmp-cma-img:1 >/dev/null\n"
             "docker image inspect -f '{{.Comment}}|{{.Author}}|{{.Container}}' cmp-cma-img:1 | sed 's/|[0-9a-f]*$/|ID/'\n"
             "docker history --format '{{.Comment}}' cmp-cma-img:1 | head -1\n"
             "docker images cmp-cma-img --format '{{.Repository}}:{{.Tag}}'\n"
             "docker rm cmp-cma >/dev/null\ndocker rmi cmp-cma-img:1 >/dev/null"),
    Scenario("commit-bad-change", "docker run --name cmp-cbc busybox true\n"
             "docker commit -c 'FROM busybox' cmp-cbc cmp-cbc-img\n" + _EXIT
             + "docker commit -c 'BOGUS x' cmp-cbc cmp-cbc-img\n" + _EXIT
             + "docker commit cmp-cbc 'Bad:Name'\n" + _EXIT
             + "docker rm cmp-cbc >/dev/null"),
    Scenario("commit-running-paused", "docker run -d --name cmp-crp busybox sh -c 'echo x > /made; sleep 60' >/dev/null\n"
             "sleep 1\ndocker commit cmp-crp cmp-crp-img:1 | wc -c\n"
             "docker inspect -f '{{.State.Status}}' cmp-crp\ndocker pause cmp-crp >/dev/null\n"
             "docker commit cmp-crp cmp-crp-img:2 | wc -c\ndocker inspect -f '{{.State.Status}}' cmp-crp\n"
             "docker run --rm cmp-crp-img:2 cat /made\n"
             "docker rm -f cmp-crp >/dev/null\ndocker rmi cmp-crp-img:1 cmp-crp-img:2 >/dev/null"),
    Scenario("commit-output-id", "docker run --name cmp-coi busybox true\n"
             "id=$(docker commit cmp-coi cmp-coi-img:1)\necho \"$id\" | cut -c1-7\n"
             "docker images -q --no-trunc cmp-coi-img:1 | grep -c \"${id#sha256:}\"\n"
             "docker rm cmp-coi >/dev/null\ndocker rmi cmp-coi-img:1 >/dev/null"),
)

SCENARIOS: tuple[Scenario, ...] = ENV_FILES + ATTACH + START + SIGNALS + PAUSE + INFO + CHANGE + EXPORT_COMMIT
