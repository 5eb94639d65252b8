"""The differential table: bash snippets written once with `docker`, run against Docker Engine and pydock.

Data only; tests/compat/harness.py runs them. Each snippet is what a user's script would do, and runs with
`bash -c` in an empty working directory where both engines hold the image `busybox:latest` and no
containers. `$BUSYBOX_TAR` is the archive that image was loaded from (tests/stack/busybox_image.py), and
`127.0.0.1:5000/pydock-compat/busybox:latest` is in the loopback registry.

Rules the table keeps:
- Network: loopback and the scenario's own containers only. Images are `busybox` (local on both sides)
  or `127.0.0.1:5000/...`; nothing may make either engine contact Docker Hub, so an unknown image is
  always `127.0.0.1:5000/pydock-compat/nope:1`, never a bare name.
- Names: containers and images a scenario makes start with `cmp-<id>` (registry repositories
  `127.0.0.1:5000/pydock-compat/<id>`), and the scenario removes them (the runner also force-removes
  leftovers on both sides between scenarios).
- `echo "exit $?"` after a command that should fail, so the exit code is part of the compared output.
- No interactive terminal: stdin is /dev/null unless the snippet pipes into docker (tests/integration
  covers TTYs with pexpect).
"""

from __future__ import annotations

from tests.compat.scenario import REG, REMOTE, UNKNOWN, Scenario

BASE: tuple[Scenario, ...] = (
    # ---- images / image ls ------------------------------------------------------------------------
    Scenario("images-table", "docker images"),
    Scenario("images-quiet", "docker images -q"),
    Scenario("images-format-repo-tag", "docker images --format '{{.Repository}}:{{.Tag}}'"),
    Scenario("images-format-table", "docker images --format 'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}'"),
    Scenario("images-format-json", "docker images --format json"),
    Scenario("images-digests", "docker images --digests",
             "busybox was loaded from an archive: docker has no repo digest for it"),
    Scenario("images-no-trunc", "docker images --no-trunc"),
    Scenario("images-repo-argument", "docker tag busybox cmp-images-repo:v1\n"
             "docker images cmp-images-repo\ndocker rmi cmp-images-repo:v1"),
    Scenario("images-filter-reference", "docker tag busybox cmp-images-ref:1\ndocker tag busybox cmp-images-ref:2\n"
             "docker images --filter reference='cmp-images-ref:*' --format '{{.Repository}} {{.Tag}}'\n"
             "docker rmi cmp-images-ref:1 cmp-images-ref:2"),
    Scenario("images-filter-dangling", "docker images -f dangling=true"),
    Scenario("images-all-quiet", "docker images -a -q"),
    Scenario("image-ls-management", "docker image ls --format '{{.Repository}}'\ndocker image list -q | wc -l"),
    Scenario("images-bad-filter", "docker images --filter bogus=1\necho \"exit $?\""),
    Scenario("images-too-many-args", "docker images busybox other\necho \"exit $?\""),

    # ---- tag ----------------------------------------------------------------------------------------
    Scenario("tag-then-list", "docker tag busybox cmp-tag-list:v1\n"
             "docker images cmp-tag-list --format '{{.Repository}} {{.Tag}}'\ndocker rmi cmp-tag-list:v1"),
    Scenario("tag-management-form", "docker image tag busybox:latest cmp-tag-mgmt\n"
             "docker image ls -q cmp-tag-mgmt | wc -l\ndocker image rm cmp-tag-mgmt"),
    Scenario("tag-missing-source", "docker tag cmp-tag-nope:1 cmp-tag-x:1\necho \"exit $?\""),
    Scenario("tag-uppercase-target", "docker tag busybox Cmp-Tag-Upper:1\necho \"exit $?\""),
    Scenario("tag-one-argument", "docker tag busybox\necho \"exit $?\""),

    # ---- rmi / image rm -----------------------------------------------------------------------------
    Scenario("rmi-untag", "docker tag busybox cmp-rmi-untag:1\ndocker rmi cmp-rmi-untag:1"),
    Scenario("rmi-missing", "docker rmi cmp-rmi-nope:1\necho \"exit $?\""),
    Scenario("rmi-force-missing", "docker rmi -f cmp-rmi-nope:1\necho \"exit $?\""),
    Scenario("rmi-id-multiple-repos", "docker tag busybox cmp-rmi-multi:1\n"
             "docker rmi \"$(docker images -q cmp-rmi-multi)\"\necho \"exit $?\"\ndocker rmi cmp-rmi-multi:1"),
    Scenario("rmi-images-quiet-xargs", "docker tag busybox cmp-rmi-xargs:1\n"
             "docker images -q cmp-rmi-xargs | xargs docker rmi\necho \"exit $?\"\ndocker rmi cmp-rmi-xargs:1"),
    Scenario("rmi-format-xargs", "docker tag busybox cmp-rmi-fx:1\ndocker tag busybox cmp-rmi-fx:2\n"
             "docker images --format '{{.Repository}}:{{.Tag}}' cmp-rmi-fx | sort | xargs docker rmi"),
    Scenario("rmi-used-by-container", f"docker tag busybox {REG}/rmi-used:1\n"
             f"docker run --name cmp-rmi-used {REG}/rmi-used:1 true\ndocker rmi {REG}/rmi-used:1\n"
             "echo \"exit $?\"\ndocker rm cmp-rmi-used",
             "runs a tag of its own, named on the loopback registry so that a failed tag cannot send a pull elsewhere"),
    Scenario("rmi-no-args", "docker rmi\necho \"exit $?\""),
    Scenario("image-remove-management", "docker tag busybox cmp-image-remove:1\ndocker image remove cmp-image-remove:1"),

    # ---- save / load --------------------------------------------------------------------------------
    Scenario("load-input-file", "docker load -i \"$BUSYBOX_TAR\""),
    Scenario("load-stdin", "docker load < \"$BUSYBOX_TAR\""),
    Scenario("load-then-images", "docker load -i \"$BUSYBOX_TAR\" >/dev/null\n"
             "docker images --format '{{.Repository}}:{{.Tag}}'"),
    Scenario("load-quiet", "docker load -q -i \"$BUSYBOX_TAR\"\necho \"exit $?\""),
    Scenario("load-missing-file", "docker load -i cmp-nope.tar\necho \"exit $?\""),
    Scenario("load-empty-stdin", "docker load < /dev/null 2>/dev/null\necho \"exit $?\"",
             "exit code only: Docker 20.10's message names a random temporary folder"),
    Scenario("load-not-a-tar", "echo 'not an image' > cmp.tar\ndocker load -i cmp.tar >/dev/null 2>&1\necho \"exit $?\"",
             "only the exit code: the two engines word a corrupt archive differently"),
    Scenario("save-output-file", "docker save -o cmp-save.tar busybox\necho \"exit $?\"\ntest -s cmp-save.tar && echo saved"),
    Scenario("save-pipe-load", "docker save busybox | docker load"),
    Scenario("save-missing-image", "docker save -o cmp-x.tar cmp-save-nope:1\necho \"exit $?\""),
    Scenario("save-load-round-trip", "docker tag busybox cmp-save-rt:1\ndocker save cmp-save-rt:1 -o rt.tar\n"
             "docker rmi cmp-save-rt:1\ndocker load -i rt.tar\n"
             "docker images cmp-save-rt --format '{{.Repository}}:{{.Tag}}'\ndocker rmi cmp-save-rt:1"),
    Scenario("image-save-load-management", "docker image save busybox:latest --output b.tar\ndocker image load --input b.tar"),
    Scenario("save-no-args", "docker save\necho \"exit $?\""),

    # ---- pull / push --------------------------------------------------------------------------------
    Scenario("pull-registry", f"docker pull {REMOTE}"),
    Scenario("pull-default-tag", f"docker pull {REG}/busybox"),
    Scenario("pull-quiet", f"docker pull -q {REMOTE}"),
    Scenario("pull-twice", f"docker pull -q {REMOTE} >/dev/null\ndocker pull {REMOTE}"),
    Scenario("pull-unknown", f"docker pull {UNKNOWN}\necho \"exit $?\""),
    Scenario("pull-then-run", f"docker pull -q {REMOTE}\ndocker run --rm {REMOTE} echo pulled"),
    Scenario("image-pull-management", f"docker image pull --quiet {REMOTE}"),
    Scenario("pull-bad-reference", f"docker pull {REG}/UPPER\necho \"exit $?\"",
             "an invalid (upper-case) reference; on loopback, should an engine try it anyway"),
    Scenario("push-quiet", f"docker tag busybox {REG}/push-quiet:1\ndocker push -q {REG}/push-quiet:1\n"
             f"echo \"exit $?\"\ndocker rmi {REG}/push-quiet:1"),
    Scenario("push-progress", f"docker tag busybox {REG}/push-progress:1\ndocker push {REG}/push-progress:1\n"
             f"echo \"exit $?\"\ndocker rmi {REG}/push-progress:1 >/dev/null",
             "layer lines depend on what the registry already holds"),
    Scenario("push-missing-tag", f"docker push {REG}/push-nope:1\necho \"exit $?\""),
    Scenario("push-pull-round-trip", f"docker tag busybox {REG}/push-rt:2\ndocker push -q {REG}/push-rt:2\n"
             f"docker rmi {REG}/push-rt:2 >/dev/null\ndocker pull -q {REG}/push-rt:2\n"
             f"docker run --rm {REG}/push-rt:2 echo round-trip\ndocker rmi {REG}/push-rt:2 >/dev/null"),
    Scenario("push-all-tags", f"docker tag busybox {REG}/push-all:1\ndocker tag busybox {REG}/push-all:2\n"
             f"docker push -a -q {REG}/push-all\necho \"exit $?\"\ndocker rmi {REG}/push-all:1 {REG}/push-all:2 >/dev/null"),
    Scenario("push-auth-required", "docker tag busybox 127.0.0.1:5001/pydock-compat/push-auth:1\n"
             "docker push -q 127.0.0.1:5001/pydock-compat/push-auth:1\necho \"exit $?\"\n"
             "docker rmi 127.0.0.1:5001/pydock-compat/push-auth:1 >/dev/null",
             "the auth registry on 127.0.0.1:5001 without docker login"),
    Scenario("image-push-management", f"docker image tag busybox {REG}/image-push:1\n"
             f"docker image push --quiet {REG}/image-push:1\ndocker image rm {REG}/image-push:1 >/dev/null"),

    # ---- run ----------------------------------------------------------------------------------------
    Scenario("run-echo", "docker run --rm busybox echo hello world"),
    Scenario("run-exit-code", "docker run --rm busybox sh -c 'exit 3'\necho \"exit $?\""),
    Scenario("run-stdout-stderr", "docker run --rm busybox sh -c 'echo out; echo err >&2'"),
    Scenario("run-command-not-found", "docker run --rm busybox cmp-no-such-command\necho \"exit $?\""),
    Scenario("run-not-executable", "docker run --rm busybox /etc/passwd\necho \"exit $?\""),
    Scenario("run-unknown-image", f"docker run --rm {UNKNOWN} true\necho \"exit $?\""),
    Scenario("run-pulls-missing-image", f"docker run --rm {REMOTE} echo ran"),
    Scenario("run-pull-never", f"docker run --pull never --rm {REMOTE} true\necho \"exit $?\""),
    Scenario("run-name-conflict", "docker run --name cmp-run-conflict busybox true\n"
             "docker run --name cmp-run-conflict busybox true\necho \"exit $?\"\ndocker rm cmp-run-conflict"),
    Scenario("run-invalid-name", "docker run --name 'bad name!' busybox true\necho \"exit $?\""),
    Scenario("run-detached", "docker run -d --name cmp-run-d busybox sleep 60 >/dev/null\n"
             "docker ps --format '{{.Names}} {{.Image}} {{.Command}}'\ndocker rm -f cmp-run-d"),
    Scenario("run-detached-prints-id", "id=$(docker run -d --name cmp-run-id busybox sleep 60)\n"
             "echo \"$id\"\ndocker ps -q --no-trunc\ndocker stop -t 1 \"$id\" >/dev/null\ndocker rm \"$id\""),
    Scenario("run-detached-rm", "docker run -d --rm --name cmp-run-drm busybox true >/dev/null\n"
             "for i in $(seq 50); do [ -z \"$(docker ps -aq --filter name=cmp-run-drm)\" ] && break; sleep 0.1; done\n"
             "docker ps -a --filter name=cmp-run-drm --format '{{.Names}}'\necho done"),
    Scenario("run-env", "export FROM_HOST=host-value\n"
             "docker run --rm -e A=b -e FROM_HOST -e 'SPACED=two words' busybox sh -c 'echo \"$A|$FROM_HOST|$SPACED\"'"),
    Scenario("run-env-file", "printf 'X=1\\nY=two words\\n# comment\\n' > cmp.env\n"
             "docker run --rm --env-file cmp.env busybox sh -c 'echo \"$X|$Y\"'"),
    Scenario("run-workdir", "docker run --rm -w /tmp busybox pwd\ndocker run --rm --workdir /cmp/new/dir busybox pwd"),
    Scenario("run-user", "docker run --rm -u nobody busybox id\ndocker run --rm --user 1234:5678 busybox id"),
    Scenario("run-entrypoint", "docker run --rm --entrypoint echo busybox from entrypoint"),
    Scenario("run-volume", "mkdir data && echo from-host > data/f\n"
             "docker run --rm -v \"$PWD/data:/data\" busybox sh -c 'cat /data/f; echo from-container > /data/g'\n"
             "cat data/g"),
    Scenario("run-volume-read-only", "mkdir data\n"
             "docker run --rm -v \"$PWD/data:/data:ro\" busybox sh -c 'echo x > /data/g'\necho \"exit $?\""),
    Scenario("run-stdin-pipe", "echo data | docker run -i --rm busybox cat"),
    Scenario("run-stdin-pipe-kept", "echo data | docker run -i busybox cat\ndocker rm \"$(docker ps -lq)\" | wc -l"),
    Scenario("run-stdin-large", "seq 1 20000 | docker run -i --rm busybox wc -l"),
    Scenario("run-stdin-without-i", "echo data | docker run --rm busybox cat\necho \"exit $?\""),
    Scenario("run-interactive-detached", "docker run -i -d --name cmp-run-i-d busybox cat >/dev/null\n"
             "docker ps --format '{{.Names}} {{.Command}} {{.Status}}'\ndocker rm -f cmp-run-i-d"),
    Scenario("run-tty-without-terminal", "docker run -it --rm busybox true\necho \"exit $?\""),
    Scenario("run-tty-only", "docker run -t --rm busybox echo hi | od -c"),
    Scenario("run-hostname", "docker run --rm --hostname cmp-host busybox hostname\n"
             "docker run --rm busybox hostname"),
    Scenario("run-publish", "docker run -d --name cmp-run-p -p 127.0.0.1:18081:80 busybox httpd -f -p 80 -h /etc >/dev/null\n"
             "for i in $(seq 50); do curl -fsS http://127.0.0.1:18081/group 2>/dev/null && break; sleep 0.1; done\n"
             "docker ps --format '{{.Names}} {{.Ports}}'\ndocker rm -f cmp-run-p"),
    Scenario("run-restart-policy", "docker run -d --name cmp-run-restart --restart unless-stopped busybox sleep 60 >/dev/null\n"
             "docker ps --format '{{.Names}} {{.Status}}'\ndocker rm -f cmp-run-restart"),
    Scenario("run-restart-invalid", "docker run --restart sometimes busybox true\necho \"exit $?\""),
    # what docker's client refuses before it asks the daemon (and two the daemon refuses at once)
    Scenario("run-client-checks", "touch cid.txt\n" + "".join(
        f"docker run {flags} busybox true\necho \"exit $?\"\n"
        for flags in ("--restart always --rm", "--add-host bad-entry", "--add-host h:nope", "--ulimit nofile=bad",
                      "--ulimit bogus=1", "-a bogus", "-w relative/dir", "--mount type=bogus,dst=/x",
                      "--env-file ./nope.env", "--cidfile cid.txt"))),
    Scenario("run-client-checks-pass", "docker run --rm --add-host h:1.2.3.4 --ulimit nofile=1024:2048 -a stdout "
             "--restart no busybox sh -c 'grep -c h /etc/hosts >/dev/null; ulimit -n'\necho \"exit $?\""),
    Scenario("run-privileged", "docker run --rm --privileged busybox true\necho \"exit $?\"",
             "known VM limit: Docker Engine fails here with 'unable to apply caps'"),
    Scenario("run-attach-stdout", "docker run -a stdout --rm busybox sh -c 'echo out; echo err >&2'"),
    Scenario("run-attach-stderr", "docker run -a stderr --rm busybox sh -c 'echo out; echo err >&2'"),
    Scenario("run-cidfile", "docker run --cidfile cid.txt --name cmp-run-cid busybox true\n"
             "[ \"$(cat cid.txt)\" = \"$(docker ps -aq --no-trunc --filter name=cmp-run-cid)\" ] && echo same\n"
             "docker rm cmp-run-cid"),
    Scenario("run-read-only", "docker run --rm --read-only busybox touch /x\necho \"exit $?\""),
    Scenario("run-label", "docker run --name cmp-run-label -l team=a --label tier=web busybox true\n"
             "docker ps -a --filter name=cmp-run-label --format '{{.Label \"team\"}} {{.Label \"tier\"}}'\n"
             "docker rm cmp-run-label"),
    Scenario("run-bad-flag", "docker run --bogus busybox\necho \"exit $?\""),
    Scenario("run-no-args", "docker run\necho \"exit $?\""),
    Scenario("run-bad-publish", "docker run --rm -p 99999:80 busybox true\necho \"exit $?\""),
    Scenario("run-args-after-image", "docker run --rm busybox echo -n --rm -e x"),
    Scenario("container-run-management", "docker container run --rm busybox echo from container run"),
    # issue 9: terminals, `--` after IMAGE, -P/--expose, --link, --cgroupns, --ipc
    Scenario("run-dit-without-terminal", "docker run -dit --name cmp-run-dit busybox sh >/dev/null\n"
             "echo \"exit $?\"\ndocker inspect -f '{{.State.Running}}' cmp-run-dit\n"
             "docker exec cmp-run-dit sh -c 'readlink /proc/1/fd/0 | cut -c1-9'\ndocker rm -f cmp-run-dit >/dev/null"),
    Scenario("run-attach-stdin-tty-without-terminal", "docker run -a stdin -t --rm busybox true\necho \"exit $?\""),
    Scenario("run-double-dash-after-image", "docker run --rm busybox -- echo hi\necho \"exit $?\"\n"
             "docker run --rm busybox sh -c 'echo \"$0|$*\"' -- -- x\ndocker run --rm -- busybox echo --"),
    Scenario("run-expose", "docker run -d --name cmp-run-expose --expose 80 --expose 7000-7001/udp busybox sleep 60 >/dev/null\n"
             "docker ps --filter name=cmp-run-expose --format '{{.Ports}}'\ndocker port cmp-run-expose\necho \"exit $?\"\n"
             "docker rm -f cmp-run-expose >/dev/null"),
    Scenario("run-expose-invalid", "for v in 80:80 abc 80-70 65536 ''; do docker run --rm --expose \"$v\" busybox true; "
             "echo \"exit $?\"; done"),
    Scenario("run-publish-all", "docker run -d --name cmp-run-pall -P --expose 80 --expose 7000-7001/udp "
             "-p 127.0.0.1:18097:90 busybox sleep 60 >/dev/null\n"
             "docker port cmp-run-pall | grep -v '\\[::\\]' | sed -E 's/:[0-9]+$/:PORT/'\n"
             "docker ps --filter name=cmp-run-pall --format '{{.Ports}}' | tr ',' '\\n' | grep -v '\\[::\\]' "
             "| sed -E 's/^ //; s/:[0-9]+->/:PORT->/'\n"
             "docker rm -f cmp-run-pall >/dev/null",
             "IPv6 bindings ([::]) filtered: Engine 20.10 binds every published port on :: too, nerdctl only on 0.0.0.0"),
    Scenario("run-publish-all-inspect", "docker run -d --name cmp-run-pall-i -P --expose 80 busybox sleep 60 >/dev/null\n"
             "docker inspect -f '{{.HostConfig.PublishAllPorts}} {{json .Config.ExposedPorts}} {{json .HostConfig.PortBindings}}' "
             "cmp-run-pall-i\ndocker rm -f cmp-run-pall-i >/dev/null",
             "inspect reads the pydock/publish-all and pydock/expose labels (inspect's part of issue 9)"),
    Scenario("run-link", "docker run -d --name cmp-run-link-db --expose 5432 --expose 7000-7002/udp -e SECRET=s1 "
             "busybox sleep 60 >/dev/null\n"
             "docker run --rm --name cmp-run-link-web --link cmp-run-link-db:db --link cmp-run-link-db busybox "
             "sh -c 'env | grep -E \"^(DB|CMP_RUN_LINK_DB)_\" | sort; awk \"\\$2 == \\\"db\\\" {print \\\"hosts entry\\\"}\" /etc/hosts; "
             "ping -c1 -W2 db >/dev/null && echo reached'\n"
             "docker rm -f cmp-run-link-db >/dev/null"),
    Scenario("run-link-inspect", "docker run -d --name cmp-run-link-db2 busybox sleep 60 >/dev/null\n"
             "docker run --name cmp-run-link-web2 --link cmp-run-link-db2:db busybox true\n"
             "docker inspect -f '{{json .HostConfig.Links}}' cmp-run-link-web2\n"
             "docker rm -f cmp-run-link-db2 cmp-run-link-web2 >/dev/null",
             "inspect reads the pydock/links label (inspect's part of issue 9)"),
    Scenario("run-link-ps-names", "docker run -d --name cmp-run-link-db3 busybox sleep 60 >/dev/null\n"
             "docker run -d --name cmp-run-link-web3 --link cmp-run-link-db3:db busybox sleep 60 >/dev/null\n"
             "docker ps --no-trunc --filter name=cmp-run-link --format '{{.Names}}' | sort\n"
             "docker ps --filter name=cmp-run-link-web3 --format '{{.Names}}'\n"
             "docker rm -f cmp-run-link-web3 cmp-run-link-db3 >/dev/null"),
    Scenario("run-link-errors", "docker run --rm --link cmp-run-link-nope:db busybox true\necho \"exit $?\"\n"
             "docker run --name cmp-run-link-stopped busybox true\n"
             "docker run --rm --name cmp-run-link-w --link cmp-run-link-stopped:db busybox true\necho \"exit $?\"\n"
             "docker run --rm --network host --link cmp-run-link-stopped:db busybox true\necho \"exit $?\"\n"
             "docker run --rm --link a:b:c busybox true\necho \"exit $?\"\ndocker rm cmp-run-link-stopped >/dev/null"),
    Scenario("run-cgroupns", "host=$(readlink /proc/self/ns/cgroup)\n"
             "for mode in host private; do [ \"$(docker run --rm --cgroupns=$mode busybox readlink /proc/self/ns/cgroup)\" "
             "= \"$host\" ] && echo \"$mode: shared\" || echo \"$mode: own\"; done\n"
             "docker run --rm --cgroupns=private busybox cut -d: -f3 /proc/self/cgroup | sort -u\n"
             "docker run --rm --cgroupns=bogus busybox true\necho \"exit $?\""),
    Scenario("run-ipc-host", "[ \"$(docker run --rm --ipc=host busybox readlink /proc/self/ns/ipc)\" = "
             "\"$(readlink /proc/self/ns/ipc)\" ] && echo host ipc\n"
             "[ \"$(docker run --rm busybox readlink /proc/self/ns/ipc)\" = \"$(readlink /proc/self/ns/ipc)\" ] "
             "|| echo own ipc"),

    # ---- ps / container ls --------------------------------------------------------------------------
    Scenario("ps-empty", "docker ps\ndocker ps -a"),
    Scenario("ps-all-table", "docker run --name cmp-ps-all busybox sh -c 'exit 2'\ndocker ps -a\ndocker rm cmp-ps-all"),
    Scenario("ps-running-table", "docker run -d --name cmp-ps-run busybox sleep 60 >/dev/null\ndocker ps\n"
             "docker rm -f cmp-ps-run >/dev/null"),
    Scenario("ps-quiet-count", "docker run -d --name cmp-ps-q1 busybox sleep 60 >/dev/null\n"
             "docker run --name cmp-ps-q2 busybox true\ndocker ps -q | wc -l\ndocker ps -aq | wc -l\n"
             "docker rm -f cmp-ps-q1 cmp-ps-q2"),
    Scenario("ps-rm-all-pipeline", "docker run --name cmp-ps-p1 busybox true\n"
             "docker run -d --name cmp-ps-p2 busybox sleep 60 >/dev/null\n"
             "docker rm -f $(docker ps -aq) | wc -l\ndocker ps -aq | wc -l"),
    Scenario("ps-rm-all-none", "docker rm -f $(docker ps -aq)\necho \"exit $?\"",
             "no containers: `docker rm -f` gets no argument"),
    Scenario("ps-xargs-rm", "docker run --name cmp-ps-x busybox true\ndocker ps -aq | xargs -r docker rm | wc -l"),
    Scenario("ps-filter-status-exited", "docker run --name cmp-ps-ex busybox sh -c 'exit 2'\n"
             "docker run -d --name cmp-ps-up busybox sleep 60 >/dev/null\n"
             "docker ps -a --filter status=exited --format '{{.Names}} {{.Status}}'\n"
             "docker ps --filter status=running --format '{{.Names}}'\ndocker rm -f cmp-ps-ex cmp-ps-up >/dev/null"),
    Scenario("ps-filter-exited-code", "docker run --name cmp-ps-e0 busybox true\n"
             "docker run --name cmp-ps-e2 busybox sh -c 'exit 2'\n"
             "docker ps -a --filter exited=2 --format '{{.Names}}'\ndocker rm cmp-ps-e0 cmp-ps-e2 >/dev/null"),
    Scenario("ps-filter-name", "docker run --name cmp-ps-name-a busybox true\ndocker run --name cmp-ps-name-b busybox true\n"
             "docker ps -a --filter name=cmp-ps-name-a --format '{{.Names}}'\n"
             "docker ps -a --filter name=cmp-ps-name --format '{{.Names}}' | sort\n"
             "docker rm cmp-ps-name-a cmp-ps-name-b >/dev/null"),
    Scenario("ps-filter-label", "docker run --name cmp-ps-l1 -l team=a busybox true\n"
             "docker run --name cmp-ps-l2 -l team=b busybox true\n"
             "docker ps -a --filter label=team=a --format '{{.Names}}'\n"
             "docker ps -a --filter label=team --format '{{.Names}}' | sort\ndocker rm cmp-ps-l1 cmp-ps-l2 >/dev/null"),
    Scenario("ps-filter-ancestor", "docker run --name cmp-ps-anc busybox true\n"
             "docker ps -a --filter ancestor=busybox --format '{{.Names}} {{.Image}}'\ndocker rm cmp-ps-anc >/dev/null"),
    Scenario("ps-format-table", "docker run --name cmp-ps-ft busybox true\ndocker ps -a --format table\ndocker rm cmp-ps-ft >/dev/null"),
    Scenario("ps-format-table-columns", "docker run --name cmp-ps-tc busybox true\n"
             "docker ps -a --format 'table {{.Names}}\\t{{.Status}}'\ndocker rm cmp-ps-tc >/dev/null"),
    Scenario("ps-format-json", "docker run --name cmp-ps-json -l team=a busybox true\ndocker ps -a --format json\n"
             "docker rm cmp-ps-json >/dev/null"),
    Scenario("ps-format-names", "docker run --name cmp-ps-names busybox true\ndocker ps -a --format '{{.Names}}'\n"
             "docker rm cmp-ps-names >/dev/null"),
    Scenario("ps-format-json-labels", "docker run --name cmp-ps-jl -l team=a -l tier=web busybox true\n"
             "docker ps -a --format '{{json .Labels}}'\ndocker ps -a --format '{{.Labels}}'\ndocker rm cmp-ps-jl >/dev/null"),
    Scenario("ps-format-fields", "docker run --name cmp-ps-ff busybox sh -c 'exit 0'\n"
             "docker ps -a --format '{{.ID}}|{{.Image}}|{{.Command}}|{{.State}}|{{.Ports}}|{{.Mounts}}|{{.Networks}}'\n"
             "docker rm cmp-ps-ff >/dev/null"),
    Scenario("ps-format-bad-field", "docker run --name cmp-ps-bad busybox true\ndocker ps -a --format '{{.Nope}}'\n"
             "echo \"exit $?\"\ndocker rm cmp-ps-bad >/dev/null"),
    Scenario("ps-last-n", "docker run --name cmp-ps-n1 busybox true\ndocker run --name cmp-ps-n2 busybox true\n"
             "docker run --name cmp-ps-n3 busybox true\ndocker ps -n 2 --format '{{.Names}}'\n"
             "docker ps -l --format '{{.Names}}'\ndocker rm cmp-ps-n1 cmp-ps-n2 cmp-ps-n3 >/dev/null"),
    Scenario("ps-no-trunc", "docker run --name cmp-ps-nt busybox sh -c 'echo a long command line that docker truncates'\n"
             "docker ps -a --no-trunc\ndocker rm cmp-ps-nt >/dev/null"),
    Scenario("ps-size", "docker run --name cmp-ps-size busybox true\ndocker ps -a -s --format '{{.Names}} {{.Size}}'\n"
             "docker rm cmp-ps-size >/dev/null"),
    Scenario("ps-bad-filter", "docker ps --filter bogus=1\necho \"exit $?\""),
    Scenario("ps-extra-argument", "docker ps extra\necho \"exit $?\""),
    Scenario("container-ls-management", "docker run --name cmp-ps-mgmt busybox true\n"
             "docker container ls -a --format '{{.Names}}'\ndocker container list -aq | wc -l\n"
             "docker container ps -a --format '{{.Names}}'\ndocker rm cmp-ps-mgmt >/dev/null"),

    # ---- stop ---------------------------------------------------------------------------------------
    Scenario("stop-running", "docker run -d --name cmp-stop busybox sleep 60 >/dev/null\ndocker stop -t 1 cmp-stop\n"
             "docker ps -a --format '{{.Names}} {{.Status}}'\ndocker rm cmp-stop"),
    Scenario("stop-timeout-long-flag", "docker run -d --name cmp-stop-t busybox sleep 60 >/dev/null\n"
             "docker stop --timeout 0 cmp-stop-t\ndocker rm cmp-stop-t"),
    Scenario("stop-trapping-container", "docker run -d --name cmp-stop-trap busybox sh -c "
             "'trap \"echo bye; exit 0\" TERM; while :; do sleep 0.1; done' >/dev/null\nsleep 0.5\n"
             "docker stop cmp-stop-trap\ndocker logs cmp-stop-trap\ndocker ps -a --format '{{.Status}}'\n"
             "docker rm cmp-stop-trap"),
    Scenario("stop-missing", "docker stop cmp-stop-nope\necho \"exit $?\""),
    Scenario("stop-some-missing", "docker run -d --name cmp-stop-some busybox sleep 60 >/dev/null\n"
             "docker stop -t 0 cmp-stop-some cmp-stop-nope\necho \"exit $?\"\ndocker rm -f cmp-stop-some"),
    Scenario("stop-already-stopped", "docker run --name cmp-stop-done busybox true\ndocker stop cmp-stop-done\n"
             "echo \"exit $?\"\ndocker rm cmp-stop-done"),
    Scenario("stop-by-id", "id=$(docker run -d busybox sleep 60)\ndocker stop -t 0 \"$id\"\ndocker rm \"${id:0:12}\""),
    Scenario("container-stop-management", "docker run -d --name cmp-stop-mgmt busybox sleep 60 >/dev/null\n"
             "docker container stop -t 0 cmp-stop-mgmt\ndocker container rm cmp-stop-mgmt"),
    Scenario("stop-no-args", "docker stop\necho \"exit $?\""),

    # ---- rm / container rm --------------------------------------------------------------------------
    Scenario("rm-exited", "docker run --name cmp-rm busybox true\ndocker rm cmp-rm\necho \"exit $?\""),
    Scenario("rm-running", "docker run -d --name cmp-rm-run busybox sleep 60 >/dev/null\ndocker rm cmp-rm-run\n"
             "echo \"exit $?\"\ndocker rm -f cmp-rm-run"),
    Scenario("rm-missing", "docker rm cmp-rm-nope\necho \"exit $?\""),
    Scenario("rm-force-missing", "docker rm -f cmp-rm-nope\necho \"exit $?\""),
    Scenario("rm-several-some-missing", "docker run --name cmp-rm-a busybox true\n"
             "docker rm cmp-rm-a cmp-rm-nope\necho \"exit $?\""),
    Scenario("rm-volumes", "docker run --name cmp-rm-v -v /data busybox true\ndocker rm -v cmp-rm-v"),
    Scenario("rm-no-args", "docker rm\necho \"exit $?\""),
    Scenario("container-remove-management", "docker run --name cmp-rm-mgmt busybox true\n"
             "docker container remove cmp-rm-mgmt"),

    # ---- exec ---------------------------------------------------------------------------------------
    Scenario("exec-echo", "docker run -d --name cmp-exec busybox sleep 60 >/dev/null\ndocker exec cmp-exec echo hi\n"
             "docker rm -f cmp-exec >/dev/null"),
    Scenario("exec-exit-code", "docker run -d --name cmp-exec-code busybox sleep 60 >/dev/null\n"
             "docker exec cmp-exec-code sh -c 'exit 4'\necho \"exit $?\"\ndocker rm -f cmp-exec-code >/dev/null"),
    Scenario("exec-command-not-found", "docker run -d --name cmp-exec-nf busybox sleep 60 >/dev/null\n"
             "docker exec cmp-exec-nf cmp-no-such-command\necho \"exit $?\"\ndocker rm -f cmp-exec-nf >/dev/null"),
    Scenario("exec-not-running", "docker run --name cmp-exec-stopped busybox true\n"
             "docker exec cmp-exec-stopped echo hi\necho \"exit $?\"\ndocker rm cmp-exec-stopped >/dev/null"),
    Scenario("exec-missing-container", "docker exec cmp-exec-nope echo hi\necho \"exit $?\""),
    Scenario("exec-workdir-user-env", "docker run -d --name cmp-exec-wue busybox sleep 60 >/dev/null\n"
             "docker exec -w /tmp -u nobody -e A=b cmp-exec-wue sh -c 'echo \"$(pwd) $(id -un) $A\"'\n"
             "docker rm -f cmp-exec-wue >/dev/null"),
    Scenario("exec-stdin", "docker run -d --name cmp-exec-in busybox sleep 60 >/dev/null\n"
             "echo data | docker exec -i cmp-exec-in cat\ndocker rm -f cmp-exec-in >/dev/null"),
    Scenario("exec-detached", "docker run -d --name cmp-exec-d busybox sleep 60 >/dev/null\n"
             "docker exec -d cmp-exec-d touch /tmp/made\necho \"exit $?\"\n"
             "for i in $(seq 50); do docker exec cmp-exec-d test -e /tmp/made && break; sleep 0.1; done\n"
             "docker exec cmp-exec-d ls /tmp\ndocker rm -f cmp-exec-d >/dev/null"),
    Scenario("exec-tty-without-terminal", "docker run -d --name cmp-exec-t busybox sleep 60 >/dev/null\n"
             "docker exec -it cmp-exec-t true\necho \"exit $?\"\ndocker rm -f cmp-exec-t >/dev/null"),
    Scenario("exec-one-argument", "docker exec cmp-exec-only\necho \"exit $?\""),
    Scenario("exec-tty-only-without-terminal", "docker run -d --name cmp-exec-t2 busybox sleep 60 >/dev/null\n"
             "docker exec -t cmp-exec-t2 echo hi | od -c\ndocker exec -it cmp-exec-t2-nope true\necho \"exit $?\"\n"
             "docker rm -f cmp-exec-t2 >/dev/null"),
    Scenario("exec-detached-tty", "docker run -d --name cmp-exec-dt busybox sleep 60 >/dev/null\n"
             "docker exec -dit cmp-exec-dt sh -c 'tty > /tmp/tty; sleep 30'\necho \"exit $?\"\n"
             "docker exec -d -i cmp-exec-dt sh -c 'readlink /proc/self/fd/0 > /tmp/in'\necho \"exit $?\"\n"
             "for i in $(seq 50); do docker exec cmp-exec-dt test -s /tmp/in -a -s /tmp/tty && break; sleep 0.1; done\n"
             "docker exec cmp-exec-dt sh -c 'cut -c1-9 /tmp/tty; cat /tmp/in'\n"
             "docker exec -dt cmp-exec-dt cmp-no-such-command\necho \"exit $?\"\n"
             "docker exec -d cmp-exec-dt cmp-no-such-command\necho \"exit $?\"\ndocker rm -f cmp-exec-dt >/dev/null"),
    Scenario("exec-paused", "docker run -d --name cmp-exec-pz busybox sleep 60 >/dev/null\ndocker pause cmp-exec-pz >/dev/null\n"
             "docker exec cmp-exec-pz true\necho \"exit $?\"\ndocker exec -dt cmp-exec-pz true\necho \"exit $?\"\n"
             "docker rm -f cmp-exec-pz >/dev/null"),
    Scenario("exec-double-dash-after-container", "docker run -d --name cmp-exec-dd busybox sleep 60 >/dev/null\n"
             "docker exec cmp-exec-dd -- echo hi\necho \"exit $?\"\n"
             "docker exec cmp-exec-dd sh -c 'echo \"$0|$*\"' -- --\ndocker rm -f cmp-exec-dd >/dev/null"),
    Scenario("container-exec-management", "docker run -d --name cmp-exec-mgmt busybox sleep 60 >/dev/null\n"
             "docker container exec cmp-exec-mgmt echo managed\ndocker rm -f cmp-exec-mgmt >/dev/null"),

    # ---- logs ---------------------------------------------------------------------------------------
    Scenario("logs-streams", "docker run --name cmp-logs busybox sh -c 'echo a; echo b >&2; echo c'\n"
             "docker logs cmp-logs\ndocker logs cmp-logs 2>/dev/null\ndocker rm cmp-logs >/dev/null"),
    Scenario("logs-tail", "docker run --name cmp-logs-tail busybox sh -c 'seq 1 10'\n"
             "docker logs --tail 2 cmp-logs-tail\ndocker logs -n 0 cmp-logs-tail\n"
             "docker logs --tail all cmp-logs-tail | wc -l\ndocker rm cmp-logs-tail >/dev/null"),
    Scenario("logs-timestamps", "docker run --name cmp-logs-t busybox echo stamped\ndocker logs -t cmp-logs-t\n"
             "docker rm cmp-logs-t >/dev/null"),
    Scenario("logs-since", "docker run --name cmp-logs-since busybox echo old\n"
             "docker logs --since 2000-01-01T00:00:00 cmp-logs-since\ndocker logs --since 1h cmp-logs-since\n"
             "docker logs --since 2100-01-01T00:00:00Z cmp-logs-since | wc -l\ndocker rm cmp-logs-since >/dev/null"),
    Scenario("logs-until", "docker run --name cmp-logs-until busybox echo line\n"
             "docker logs --until 2000-01-01T00:00:00Z cmp-logs-until | wc -l\n"
             "docker logs --until 2100-01-01T00:00:00Z cmp-logs-until\ndocker rm cmp-logs-until >/dev/null"),
    Scenario("logs-follow-exited", "docker run --name cmp-logs-f busybox sh -c 'echo one; echo two'\n"
             "timeout 20 docker logs -f cmp-logs-f\necho \"exit $?\"\ndocker rm cmp-logs-f >/dev/null"),
    Scenario("logs-follow-running", "docker run -d --name cmp-logs-fr busybox sh -c 'echo start; sleep 1; echo end' >/dev/null\n"
             "timeout 20 docker logs -f cmp-logs-fr\necho \"exit $?\"\ndocker rm -f cmp-logs-fr >/dev/null"),
    Scenario("logs-detached-container", "docker run -d --name cmp-logs-d busybox sh -c 'echo ready; sleep 60' >/dev/null\n"
             "for i in $(seq 50); do [ -n \"$(docker logs cmp-logs-d)\" ] && break; sleep 0.1; done\n"
             "docker logs cmp-logs-d\ndocker rm -f cmp-logs-d >/dev/null"),
    Scenario("logs-missing", "docker logs cmp-logs-nope\necho \"exit $?\""),
    Scenario("logs-bad-tail", "docker run --name cmp-logs-bt busybox true\ndocker logs --tail x cmp-logs-bt\n"
             "echo \"exit $?\"\ndocker rm cmp-logs-bt >/dev/null"),
    Scenario("container-logs-management", "docker run --name cmp-logs-mgmt busybox echo managed\n"
             "docker container logs cmp-logs-mgmt\ndocker rm cmp-logs-mgmt >/dev/null"),
    Scenario("logs-no-args", "docker logs\necho \"exit $?\""),

    # ---- inspect, version, info (issue #5) ----------------------------------------------------------
    Scenario("inspect-templates", "docker run -d --name cmp-insp -e A=b -l k=v busybox sleep 60 >/dev/null\n"
             "docker inspect -f '{{.State.Running}} {{.State.Status}} {{.Name}} {{json .Config.Env}}' cmp-insp\n"
             "docker inspect -f '{{index .Config.Labels \"k\"}} {{.Config.Image}} {{json .Config.Cmd}}' cmp-insp\n"
             "docker container inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.Config.Tty}} {{.Path}}' cmp-insp\n"
             "docker inspect -f '{{json .State.Running}} {{len .Args}} {{.RestartCount}}' cmp-insp\n"
             "docker rm -f cmp-insp >/dev/null"),
    Scenario("inspect-json-fields", "docker run --name cmp-inspj busybox true\n"
             "docker inspect cmp-inspj | grep -o '\"[A-Za-z]*\": ' | sort -u | head -80 | tr -d '\\n'; echo\n"
             "docker rm cmp-inspj >/dev/null"),
    Scenario("inspect-missing", "docker inspect cmp-insp-nope\necho \"exit $?\"\n"
             "docker container inspect cmp-insp-nope\necho \"exit $?\"\n"
             "docker inspect -f '{{.Id}}' cmp-insp-nope\necho \"exit $?\""),
    Scenario("inspect-found-and-missing", "docker run --name cmp-inspfm busybox true\n"
             "docker inspect -f '{{.Name}}' cmp-inspfm cmp-inspfm-nope\necho \"exit $?\"\n"
             "docker rm cmp-inspfm >/dev/null"),
    Scenario("inspect-image", "docker image inspect -f '{{.Os}} {{.Architecture}} {{json .Config.Cmd}} "
             "{{.RootFS.Type}} {{len .RootFS.Layers}}' busybox\n"
             "docker inspect --type image -f '{{index .RepoTags 0}}' busybox"),
    Scenario("inspect-bad-type", "docker inspect --type bogus busybox\necho \"exit $?\""),
    Scenario("inspect-bad-template", "docker inspect -f '{{' busybox\necho \"exit $?\"\n"
             "docker inspect -f '{{.State.Running}}' busybox\necho \"exit $?\""),
    # ---- inspect's every field, health checks, stats, diff (issue 9) ---------------------------------
    Scenario("inspect-hostconfig-flags",
             "docker run -d --name cmp-insphc --memory 64m --ulimit nofile=100:200 --tmpfs /x --cap-add NET_ADMIN "
             "--cap-drop CHOWN --security-opt no-new-privileges --device /dev/null:/dev/xnull --pids-limit 50 "
             "--cpus 0.5 --cpu-shares 512 --read-only --group-add 10 --sysctl net.ipv4.ip_forward=1 --init "
             "--stop-signal SIGUSR1 --stop-timeout 5 --log-opt max-size=1m busybox sleep 60 >/dev/null\n"
             "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{json .HostConfig.Ulimits}} "
             "{{json .HostConfig.Tmpfs}} {{json .HostConfig.CapAdd}} {{json .HostConfig.CapDrop}}' cmp-insphc\n"
             "docker inspect -f '{{json .HostConfig.SecurityOpt}} {{json .HostConfig.Devices}} "
             "{{.HostConfig.PidsLimit}} {{.HostConfig.NanoCpus}} {{.HostConfig.CpuQuota}} {{.HostConfig.CpuShares}} "
             "{{.HostConfig.ReadonlyRootfs}} {{json .HostConfig.GroupAdd}} {{json .HostConfig.Sysctls}}' cmp-insphc\n"
             "docker inspect -f '{{.HostConfig.Init}} {{.Path}} {{json .Args}} {{.Config.StopSignal}} "
             "{{.Config.StopTimeout}} {{json .HostConfig.LogConfig}} {{.HostConfig.CpuRealtimeRuntime}} "
             "{{json .HostConfig.DeviceCgroupRules}} {{json .HostConfig.BlkioWeightDevice}}' cmp-insphc\n"
             "docker rm -f cmp-insphc >/dev/null"),
    Scenario("inspect-namespace-modes",
             "docker run -d --name cmp-inspns --pid host busybox sleep 60 >/dev/null\n"
             "docker inspect -f '{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{json .HostConfig.SecurityOpt}} "
             "{{.HostConfig.UTSMode}}' cmp-inspns\ndocker rm -f cmp-inspns >/dev/null"),
    Scenario("inspect-keys-with-flags",
             "docker run -d --name cmp-inspk --memory 64m --tmpfs /x --sysctl net.ipv4.ip_forward=1 --init "
             "--health-cmd true -p 127.0.0.1::80 --stop-timeout 5 busybox sleep 60 >/dev/null\n"
             "docker inspect cmp-inspk | grep -o '\"[A-Za-z]*\": ' | sort -u "
             "| grep -v -E 'LowerDir|MergedDir|UpperDir|WorkDir' | tr -d '\\n'; echo\n"
             "docker rm -f cmp-inspk >/dev/null",
             "every key name docker prints for a container run with flags that add omitempty keys, but "
             "GraphDriver.Data's overlay2 folders, Engine 20.10's own (containerd's snapshots have none)"),
    Scenario("inspect-healthcheck",
             "docker run -d --name cmp-insph --health-cmd 'test -e /tmp/ok' --health-interval 1s "
             "--health-retries 2 busybox sleep 60 >/dev/null\n"
             "docker inspect -f '{{json .Config.Healthcheck}} {{json .State.Health}}' cmp-insph\n"
             "sleep 4\ndocker inspect -f '{{.State.Health.Status}} {{gt .State.Health.FailingStreak 1}}' cmp-insph\n"
             "docker ps --filter name=cmp-insph --filter health=unhealthy --format '{{.Names}}'\n"
             "docker exec cmp-insph touch /tmp/ok\nsleep 3\n"
             "docker inspect -f '{{.State.Health.Status}} {{.State.Health.FailingStreak}} "
             "{{(index .State.Health.Log 0).ExitCode}}' cmp-insph\n"
             "docker ps --filter name=cmp-insph --format '{{.Status}}'\ndocker rm -f cmp-insph >/dev/null"),
    Scenario("inspect-no-healthcheck",
             "docker run --name cmp-insphn --no-healthcheck busybox true\n"
             "docker inspect -f '{{json .Config.Healthcheck}}' cmp-insphn\n"
             "docker inspect -f '{{.State.Health}}' cmp-insphn\necho \"exit $?\"\ndocker rm cmp-insphn >/dev/null"),
    Scenario("stats-no-stream-formats",
             "docker run -d --name cmp-stats busybox sleep 60 >/dev/null\n"
             "docker stats --no-stream cmp-stats | head -1 | tr -s ' '\n"
             "docker stats --no-stream --format json cmp-stats | grep -o '\"[A-Za-z]*\":' | tr -d '\\n'; echo\n"
             "docker stats --no-stream --format '{{json .}}' cmp-stats | grep -o '\"[A-Za-z]*\":' | tr -d '\\n'; echo\n"
             "docker stats --no-stream --format '{{.Container}} {{.Name}} {{len .ID}} {{.PIDs}}' cmp-stats\n"
             "docker container stats --no-stream --format 'table {{.Container}}\\t{{.Name}}' cmp-stats\n"
             "docker stats --no-stream --no-trunc --format '{{len .ID}}' cmp-stats\n"
             "docker stats --no-stream --format '{{.Bogus}}' cmp-stats\necho \"exit $?\"\n"
             "docker stats --no-stream cmp-stats-nope\necho \"exit $?\"\ndocker rm -f cmp-stats >/dev/null"),
    Scenario("diff-changes",
             "docker run --name cmp-diff busybox sh -c 'mkdir /newdir; echo x > /newdir/f; echo y >> /etc/passwd; "
             "rm /bin/ls; touch /tmp/t'\ndocker diff cmp-diff | sort\ndocker container diff cmp-diff | wc -l\n"
             "docker rm cmp-diff >/dev/null",
             "sorted: Docker Engine's order is its folder walk's (overlay2's on-disk order, Go map order)"),
    Scenario("diff-runtime-files-hidden",
             "docker run --name cmp-diffn busybox true\ndocker diff cmp-diffn\necho \"exit $?\"\n"
             "docker diff cmp-diff-nope\necho \"exit $?\"\ndocker rm cmp-diffn >/dev/null"),
    Scenario("version-format", "docker version --format '{{.Client.Version}} {{.Client.APIVersion}} "
             "{{.Server.APIVersion}} {{.Server.Os}}'\n"
             "docker version --format '{{.Client.ApiVersion}}'\necho \"exit $?\""),
    Scenario("info-format", "docker info --format '{{.OSType}} {{.Architecture}} {{.NCPU}} {{.CgroupDriver}} "
             "{{.CgroupVersion}} {{.Swarm.LocalNodeState}}'\n"
             "docker system info -f '{{.Nope}}'\necho \"exit $?\""),

    # ---- other commands passed to nerdctl (issue #5) ------------------------------------------------
    Scenario("create-start-wait", "docker create --name cmp-csw busybox sh -c 'exit 4' | wc -c\n"
             "docker start cmp-csw\ndocker wait cmp-csw\ndocker rm cmp-csw"),
    Scenario("kill-names", "docker run -d --name cmp-kill busybox sleep 60 >/dev/null\n"
             "docker kill cmp-kill\ndocker kill cmp-kill-nope\necho \"exit $?\"\n"
             "docker wait cmp-kill\ndocker rm cmp-kill >/dev/null"),
    Scenario("start-missing", "docker start cmp-start-nope\necho \"exit $?\""),
    Scenario("port", "docker run -d --name cmp-port -p 127.0.0.1:18080:80 busybox sleep 60 >/dev/null\n"
             "docker port cmp-port\ndocker port cmp-port 80\ndocker port cmp-port 81\necho \"exit $?\"\n"
             "docker rm -f cmp-port >/dev/null"),
    Scenario("cp-both-ways", "docker run -d --name cmp-cp busybox sleep 60 >/dev/null\necho hello > in.txt\n"
             "docker cp in.txt cmp-cp:/tmp/in.txt\ndocker exec cmp-cp cat /tmp/in.txt\n"
             "docker cp cmp-cp:/tmp/in.txt out.txt\ncat out.txt\n"
             "docker cp cmp-cp:/nonexistent out2\necho \"exit $?\"\ndocker rm -f cmp-cp >/dev/null"),
    Scenario("rename-pause", "docker run -d --name cmp-ren busybox sleep 60 >/dev/null\n"
             "docker rename cmp-ren cmp-ren2\ndocker pause cmp-ren2\n"
             "docker inspect -f '{{.State.Status}}' cmp-ren2\ndocker unpause cmp-ren2\n"
             "docker ps --format '{{.Names}}' --filter name=cmp-ren\ndocker rm -f cmp-ren2 >/dev/null"),
    Scenario("volume-lifecycle", "docker volume create cmp-vol\ndocker volume ls\ndocker volume ls -q\n"
             "docker volume rm cmp-vol\ndocker volume rm cmp-vol\necho \"exit $?\""),
    Scenario("network-lifecycle", "docker network create cmp-net | wc -c\n"
             "docker network ls --format '{{.Name}}' | grep cmp-net\ndocker network rm cmp-net\n"
             "docker network rm cmp-net\necho \"exit $?\""),
    Scenario("history", "docker history busybox\ndocker history -q busybox\n"
             "docker image history --format '{{.ID}} {{.CreatedBy}}' busybox"),
    Scenario("swarm-commands", "docker service ls\necho \"exit $?\"\ndocker node ls\necho \"exit $?\""),
    Scenario("group-help", "docker volume\ndocker network --help"),
    Scenario("context-default", "export DOCKER_HOST=${DOCKER_HOST:-unix:///run/containerd/containerd.sock}\n"
             "docker context show\ndocker context use default\ndocker context ls -q\n"
             "docker context ls --format '{{.Name}} {{.Current}}'\n"
             "(unset DOCKER_HOST; docker context ls -q; docker context use default)"),

    # ---- objects that are missing or vanish mid-command, in every command (issue 9, item 5) ------------
    Scenario("missing-container-lifecycle", "".join(
        f"docker {c} cmp-miss-nope\necho \"exit $?\"\n"
        for c in ("start", "start -a", "stop", "kill", "restart", "pause", "unpause", "wait", "rm", "rm -f"))),
    Scenario("kill-several-states", "docker run -d --name cmp-kst-a busybox sleep 60 >/dev/null\n"
             "docker create --name cmp-kst-b busybox sleep 60 >/dev/null\n"
             "docker kill cmp-kst-a cmp-kst-b cmp-kst-nope 2>&1 | sed \"s/$(docker inspect -f '{{.Id}}' cmp-kst-b)/<ID>/\"\n"
             "docker rm -f cmp-kst-a cmp-kst-b >/dev/null"),
    Scenario("wait-several-states", "docker run -d --name cmp-wst-a busybox sh -c 'sleep 1; exit 3' >/dev/null\n"
             "docker create --name cmp-wst-b busybox true >/dev/null\n"
             "docker wait cmp-wst-a cmp-wst-nope cmp-wst-b\necho \"exit $?\"\n"
             "docker wait cmp-wst-nope cmp-wst-nope2\necho \"exit $?\"\ndocker rm -f cmp-wst-a cmp-wst-b >/dev/null"),
    Scenario("missing-container-several", "docker stop cmp-miss-a cmp-miss-b\necho \"exit $?\"\n"
             "docker start cmp-miss-a cmp-miss-b\necho \"exit $?\"\n"
             "docker kill cmp-miss-a cmp-miss-b\necho \"exit $?\"\n"
             "docker pause cmp-miss-a cmp-miss-b\necho \"exit $?\""),
    Scenario("missing-container-info", "".join(
        f"docker {c}\necho \"exit $?\"\n"
        for c in ("port cmp-miss-nope", "port cmp-miss-nope 80", "top cmp-miss-nope", "logs cmp-miss-nope",
                  "diff cmp-miss-nope", "stats --no-stream cmp-miss-nope", "container inspect cmp-miss-nope",
                  "inspect --type container cmp-miss-nope", "attach cmp-miss-nope"))),
    Scenario("missing-container-change", "".join(
        f"docker {c}\necho \"exit $?\"\n"
        for c in ("rename cmp-miss-nope cmp-miss-x", "container rename cmp-miss-nope cmp-miss-x",
                  "update --cpus 1 cmp-miss-nope", "commit cmp-miss-nope", "commit cmp-miss-nope cmp-miss-x:1",
                  "export -o cmp-x.tar cmp-miss-nope", "cp cmp-miss-nope:/etc/hostname out.txt",
                  "cp /etc/hostname cmp-miss-nope:/tmp", "exec cmp-miss-nope true"))),
    Scenario("missing-image-commands", "".join(
        f"docker {c}\necho \"exit $?\"\n"
        for c in ("history cmp-miss-img", "image history cmp-miss-img:2", "tag cmp-miss-img cmp-miss-x",
                  "rmi cmp-miss-img cmp-miss-img:3", "save -o cmp-x.tar cmp-miss-img",
                  "save -o cmp-x.tar cmp-miss-img:1", "save -o cmp-x.tar busybox cmp-miss-img",
                  "create --pull=never cmp-miss-img", "run --pull=never --rm cmp-miss-img"))),
    Scenario("missing-image-ids", "docker rmi 0123456789ab\necho \"exit $?\"\n"
             "docker rmi 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\necho \"exit $?\"\n"
             "docker history abcdef\necho \"exit $?\"\ndocker tag abcdef cmp-miss-x\necho \"exit $?\""),
    Scenario("missing-volume-network", "".join(
        f"docker {c}\necho \"exit $?\"\n"
        for c in ("volume inspect cmp-miss-vol", "volume inspect cmp-miss-vol cmp-miss-vol2",
                  "volume inspect -f '{{.Name}}' cmp-miss-vol", "inspect --type volume cmp-miss-vol",
                  "volume rm cmp-miss-vol", "volume rm -f cmp-miss-vol", "network inspect cmp-miss-net",
                  "network inspect cmp-miss-net cmp-miss-net2", "inspect --type network cmp-miss-net",
                  "network rm cmp-miss-net"))),
    Scenario("missing-volume-network-some", "docker volume create cmp-miss-v1 >/dev/null\n"
             "docker volume inspect -f '{{.Name}}' cmp-miss-v1 cmp-miss-vol\necho \"exit $?\"\n"
             "docker network create cmp-miss-n1 >/dev/null\n"
             "docker network inspect -f '{{.Name}}' cmp-miss-net cmp-miss-n1\necho \"exit $?\"\n"
             "docker volume rm cmp-miss-v1 >/dev/null\ndocker network rm cmp-miss-n1 >/dev/null"),
    Scenario("not-running-container", "docker create --name cmp-notrun busybox sleep 60 >/dev/null\n"
             "ID=$(docker inspect -f '{{.Id}}' cmp-notrun)\n"
             "for c in 'exec cmp-notrun true' 'pause cmp-notrun' 'unpause cmp-notrun' 'top cmp-notrun' "
             "'attach cmp-notrun' 'kill cmp-notrun'; do docker $c 2>&1 | sed \"s/$ID/<the ID>/\"; done\n"
             "docker rm cmp-notrun >/dev/null"),
    Scenario("run-rm-gone-at-once", "docker run --rm --name cmp-rmgone busybox true\n"
             "docker inspect -f '{{.Name}}' cmp-rmgone\necho \"exit $?\"\n"
             "docker run --rm --name cmp-rmgone busybox sh -c 'exit 3'\n"
             "docker inspect -f '{{.Name}}' cmp-rmgone\necho \"exit $?\""),
    Scenario("detached-rm-auto-remove", "docker run -d --rm --name cmp-drm busybox sleep 60 >/dev/null\n"
             "docker inspect -f '{{.HostConfig.AutoRemove}}' cmp-drm\ndocker stop -t 1 cmp-drm\n"
             "for i in $(seq 50); do docker inspect cmp-drm >/dev/null 2>&1 || break; sleep 0.1; done\n"
             "docker inspect -f '{{.Name}}' cmp-drm\necho \"exit $?\"\ndocker rm cmp-drm\necho \"exit $?\"",
             "the engine removes the container once it exits (Engine 29 may still list it for a moment after "
             "stop returns: the script waits up to 5 s)"),

    # ---- docker's own errors ------------------------------------------------------------------------
    Scenario("unknown-verb-flag", "docker ps --bogus\necho \"exit $?\""),
    Scenario("unknown-shorthand", "docker images -z\necho \"exit $?\""),
    Scenario("flag-needs-argument", "docker logs --tail\necho \"exit $?\""),
)

# Tables by area, one module each (tests/compat/tables/), so the areas grow apart.
from tests.compat.tables import builds, compose, containers, images, objects, surface  # noqa: E402

SCENARIOS: tuple[Scenario, ...] = (BASE + containers.SCENARIOS + objects.SCENARIOS + images.SCENARIOS
                                   + surface.SCENARIOS + builds.SCENARIOS + compose.SCENARIOS)
