"""Differential scenarios: images beyond pull/push/tag: load, rmi conflicts, import, prune, Go-typed templates (rules: tests/compat/scenarios.py)."""

from __future__ import annotations

from tests.compat.scenario import Scenario

# The busybox archive ($BUSYBOX_TAR) rewritten to carry other names: `$RETAG OUT.tar NAME...` keeps its
# blobs and writes docker's manifest.json RepoTags and one OCI index entry per name (none: untagged).
RETAG = r"""retag() { python3 - "$BUSYBOX_TAR" "$@" <<'EOF'
import io, json, sys, tarfile
src, dst, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with tarfile.open(src) as tin, tarfile.open(dst, "w") as tout:
    for member in tin.getmembers():
        data = tin.extractfile(member).read() if member.isfile() else None
        if member.name == "manifest.json":
            entries = json.loads(data)
            entries[0]["RepoTags"] = names or None
            data = json.dumps(entries).encode()
        elif member.name == "index.json":
            index = json.loads(data)
            first = index["manifests"][0]
            full = [n if "/" in n else "docker.io/library/" + n for n in names]
            index["manifests"] = [dict(first, annotations={"io.containerd.image.name": n,
                                  "org.opencontainers.image.ref.name": n.rsplit(":", 1)[1]}) for n in full]
            if not names:
                index["manifests"] = [{k: v for k, v in first.items() if k != "annotations"}]
            data = json.dumps(index).encode()
        if data is not None:
            member.size = len(data)
        tout.addfile(member, io.BytesIO(data) if data is not None else None)
EOF
}
"""
# A root filesystem of busybox as `docker export` writes it, for import.
ROOTFS = "docker create --name cmp-hi-rootfs busybox true >/dev/null\ndocker export -o rootfs.tar cmp-hi-rootfs\n" \
         "docker rm cmp-hi-rootfs >/dev/null\n"
ID = "ID=$(docker images -q busybox)\n"
EXIT = "echo \"exit $?\"\n"

RMI: tuple[Scenario, ...] = (
    Scenario("rmi-ref-stopped-container", "docker create --name cmp-hi-rs busybox true >/dev/null\n"
             "docker rmi busybox\n" + EXIT + "docker rm cmp-hi-rs >/dev/null",
             "the only name of an image a stopped container uses: Engine 29 names the reference, 20.10 the repository"),
    Scenario("rmi-id-stopped-container", ID + "docker create --name cmp-hi-is busybox true >/dev/null\n"
             "docker rmi \"$ID\"\n" + EXIT + "docker images -q busybox | wc -l\ndocker rm cmp-hi-is >/dev/null"),
    Scenario("rmi-id-running-container", ID + "docker run -d --name cmp-hi-ir busybox sleep 60 >/dev/null\n"
             "docker rmi \"$ID\"\n" + EXIT + "docker rmi -f \"$ID\"\n" + EXIT
             + "docker images -q busybox | wc -l\ndocker rm -f cmp-hi-ir >/dev/null"),
    Scenario("rmi-ref-running-container", "docker run -d --name cmp-hi-rr busybox sleep 60 >/dev/null\n"
             "docker rmi busybox\n" + EXIT + "docker rm -f cmp-hi-rr >/dev/null"),
    Scenario("rmi-force-ref-stopped-container", "docker create --name cmp-hi-frs busybox true >/dev/null\n"
             "docker rmi -f busybox\n" + EXIT + "docker images --format '{{.Repository}}:{{.Tag}}'\n"
             "docker ps -a --format '{{.Names}}'\ndocker rm cmp-hi-frs >/dev/null"),
    Scenario("rmi-force-ref-running-container", "docker run -d --name cmp-hi-frr busybox sleep 60 >/dev/null\n"
             "docker rmi -f busybox\n" + EXIT + "docker inspect -f '{{.State.Running}}' cmp-hi-frr\n"
             "docker rm -f cmp-hi-frr >/dev/null"),
    Scenario("rmi-force-id-stopped-container", ID + "docker create --name cmp-hi-fis busybox true >/dev/null\n"
             "docker rmi -f \"$ID\"\n" + EXIT + "docker rm cmp-hi-fis >/dev/null"),
    Scenario("rmi-tag-used-other-names-keep", "docker tag busybox cmp-hi-keep:1\n"
             "docker create --name cmp-hi-keep cmp-hi-keep:1 true >/dev/null\n"
             "docker rmi cmp-hi-keep:1\n" + EXIT + "docker rm cmp-hi-keep >/dev/null"),
    Scenario("rmi-id-several-tags-force", ID + "docker tag busybox cmp-hi-ft:1\ndocker tag busybox cmp-hi-ft:2\n"
             "docker rmi \"$ID\"\n" + EXIT + "docker rmi -f \"$ID\"\n" + EXIT
             + "docker images --format '{{.Repository}}:{{.Tag}}' | sort"),
    Scenario("rmi-id-prefix-several-tags", ID + "docker tag busybox cmp-hi-pre:1\n"
             "docker rmi \"$(echo \"$ID\" | cut -c1-5)\"\n" + EXIT + "docker rmi \"sha256:$ID\"\n" + EXIT
             + "docker rmi cmp-hi-pre:1"),
    Scenario("rmi-several-some-missing", "docker tag busybox cmp-hi-sm:1\ndocker tag busybox cmp-hi-sm:2\n"
             "docker rmi cmp-hi-sm:1 cmp-hi-nope:1 cmp-hi-sm:2\n" + EXIT),
    Scenario("rmi-force-several-missing", "docker rmi -f cmp-hi-n1 cmp-hi-n2:3\n" + EXIT),
    Scenario("rmi-bad-reference", "docker rmi 'Cmp-Hi-Upper:1'\n" + EXIT + "docker rmi 'cmp-hi:bad tag'\n" + EXIT),
    Scenario("rmi-untagged-image-by-id", ROOTFS + "IMP=$(docker import rootfs.tar)\n"
             "docker rmi \"$IMP\"\n" + EXIT + "docker images -q | wc -l"),
    Scenario("rmi-container-of-other-tag", "docker tag busybox cmp-hi-ot:1\n"
             "docker create --name cmp-hi-ot busybox true >/dev/null\n"
             "docker rmi cmp-hi-ot:1 busybox\n" + EXIT + "docker rm cmp-hi-ot >/dev/null"),
)

LOAD: tuple[Scenario, ...] = (
    Scenario("load-several-tags", RETAG + "retag m.tar cmp-hi-m:1 cmp-hi-m:2\ndocker load -i m.tar\n" + EXIT
             + "docker images --format '{{.Repository}}:{{.Tag}}' cmp-hi-m | sort"),
    Scenario("load-several-tags-quiet", RETAG + "retag m.tar cmp-hi-mq:1 cmp-hi-mq:2\ndocker load -q -i m.tar\n"
             + EXIT + "docker load --quiet < m.tar\n" + EXIT),
    Scenario("load-several-tags-stdin", RETAG + "retag m.tar cmp-hi-ms:1 busybox:latest cmp-hi-ms2:x\n"
             "docker load < m.tar\n" + EXIT),
    Scenario("load-untagged-archive", RETAG + "retag u.tar\ndocker load -i u.tar\n" + EXIT),
    Scenario("load-save-several-tags", "docker tag busybox cmp-hi-ss:1\ndocker tag busybox cmp-hi-ss:2\n"
             "docker save -o ss.tar cmp-hi-ss:1 cmp-hi-ss:2\ndocker rmi cmp-hi-ss:1 cmp-hi-ss:2 >/dev/null\n"
             "docker load -i ss.tar\n" + EXIT),
    Scenario("load-garbage-file", "yes garbage | head -c 4096 > g.tar\ndocker load -i g.tar\n" + EXIT),
    Scenario("load-garbage-stdin", "yes garbage | head -c 4096 | docker load\n" + EXIT),
    Scenario("load-truncated-file", "head -c 100000 \"$BUSYBOX_TAR\" > t.tar\ndocker load -i t.tar\n" + EXIT),
    Scenario("load-truncated-stdin", "head -c 100000 \"$BUSYBOX_TAR\" | docker load\n" + EXIT),
    Scenario("load-empty-stdin-message", "docker load < /dev/null\n" + EXIT,
             "Engine 20.10 names a temporary folder in its message; Engine 29 is the reference"),
    Scenario("load-stdin-terminal", "script -qec 'docker load' /dev/null < /dev/null | tr -d '\\r'\n" + EXIT,
             "stdin a terminal (script(1)) and no -i: docker refuses before asking the engine"),
    Scenario("load-empty-file", ": > e.tar\ndocker load -i e.tar\n" + EXIT),
    Scenario("load-empty-tar", "tar cf e.tar -T /dev/null\ndocker load -i e.tar\n" + EXIT),
    Scenario("load-tar-without-manifest", "echo hello > f.txt\ntar cf f.tar f.txt\ndocker load -i f.tar\n" + EXIT),
    Scenario("load-directory", "mkdir d\ndocker load -i d\n" + EXIT),
    Scenario("load-gzip-archive", "gzip -c \"$BUSYBOX_TAR\" > b.tar.gz\ndocker load -i b.tar.gz\n" + EXIT),
    Scenario("load-xz-bzip2-archives", "xz -c \"$BUSYBOX_TAR\" > b.tar.xz\ndocker load -i b.tar.xz\n" + EXIT
             + "bzip2 -c \"$BUSYBOX_TAR\" | docker load\n" + EXIT),
    Scenario("load-corrupt-gzip", "printf '\\037\\213garbage-after-the-gzip-magic' > c.tar.gz\n"
             "docker load -i c.tar.gz\n" + EXIT),
    Scenario("load-quiet-stdin", "docker load -q < \"$BUSYBOX_TAR\"\n" + EXIT),
    Scenario("load-extra-argument", "docker load -i \"$BUSYBOX_TAR\" extra\n" + EXIT),
)

TEMPLATES: tuple[Scenario, ...] = (
    Scenario("tmpl-image-nil-kinds", "docker inspect -f '{{.Config.Entrypoint}}|{{.Config.Volumes}}|"
             "{{.Config.OnBuild}}|{{.Config.Labels}}|{{.RepoDigests}}|{{.Config.Healthcheck}}' busybox"),
    Scenario("tmpl-image-nil-kinds-json", "docker image inspect -f '{{json .Config.Entrypoint}} "
             "{{json .Config.Volumes}} {{json .Config.OnBuild}} {{json .Config.Labels}} {{json .RepoDigests}}' busybox"),
    Scenario("tmpl-container-nil-kinds", "docker create --name cmp-hi-tn busybox true >/dev/null\n"
             "docker inspect -f '{{.Config.Entrypoint}}|{{.HostConfig.Dns}}|{{.HostConfig.Binds}}|{{.Mounts}}|"
             "{{.State.Health}}|{{.Config.Volumes}}|{{.HostConfig.PortBindings}}|{{.Config.Labels}}' cmp-hi-tn\n"
             "docker rm cmp-hi-tn >/dev/null"),
    Scenario("tmpl-container-nil-kinds-json", "docker create --name cmp-hi-tj busybox true >/dev/null\n"
             "docker container inspect -f '{{json .Config.Entrypoint}} {{json .HostConfig.Dns}} "
             "{{json .HostConfig.Binds}} {{json .Mounts}} {{json .State.Health}} {{json .Config.Volumes}}' cmp-hi-tj\n"
             "docker rm cmp-hi-tj >/dev/null"),
    Scenario("tmpl-run-entrypoint", "docker create --name cmp-hi-ep --entrypoint /bin/echo busybox a b >/dev/null\n"
             "docker inspect -f '{{.Config.Entrypoint}} {{.Config.Cmd}} {{.Path}} {{.Args}}' cmp-hi-ep\n"
             "docker inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{json .Args}}' cmp-hi-ep\n"
             "docker start -a cmp-hi-ep\ndocker rm cmp-hi-ep >/dev/null"),
    Scenario("tmpl-run-entrypoint-no-args", "docker run --name cmp-hi-ep0 --entrypoint /bin/echo busybox\n"
             "docker inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Path}} {{json .Args}}' cmp-hi-ep0\n"
             "docker rm cmp-hi-ep0 >/dev/null"),
    Scenario("tmpl-image-entrypoint", ROOTFS + "docker import -c 'ENTRYPOINT [\"/bin/echo\", \"from-ep\"]' "
             "-c 'CMD [\"default\"]' rootfs.tar cmp-hi-iep:1 >/dev/null\n"
             "docker image inspect -f '{{.Config.Entrypoint}} {{.Config.Cmd}} {{json .Config.Entrypoint}}' cmp-hi-iep:1\n"
             "docker run --rm --pull=never cmp-hi-iep:1\ndocker run --rm --pull=never cmp-hi-iep:1 given\n"
             "docker create --name cmp-hi-iep --pull=never cmp-hi-iep:1 x >/dev/null\n"
             "docker inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Path}} {{json .Args}}' cmp-hi-iep\n"
             "docker rm cmp-hi-iep >/dev/null\ndocker rmi cmp-hi-iep:1 >/dev/null"),
    Scenario("tmpl-ps-format-kinds", "docker create --name cmp-hi-ps busybox true >/dev/null\n"
             "docker ps -a --format '{{.Labels}}|{{.Mounts}}|{{.Networks}}|{{.Ports}}|{{.LocalVolumes}}'\n"
             "docker ps -a --format '{{json .Labels}} {{json .Mounts}} {{json .Ports}}'\n"
             "docker rm cmp-hi-ps >/dev/null"),
    Scenario("tmpl-images-format-kinds", "docker images --format '{{.Digest}}|{{.Containers}}|{{.SharedSize}}|"
             "{{.UniqueSize}}|{{json .Digest}}|{{json .Containers}}' busybox"),
    Scenario("tmpl-nil-map-lookups", "docker inspect -f '[{{index .Config.Labels \"x\"}}] [{{.Config.Labels.x}}] "
             "[{{len .Config.Labels}}] [{{len .RepoDigests}}]' busybox"),
    Scenario("tmpl-nil-conditions", "docker inspect -f '{{if .Config.Entrypoint}}ep{{else}}no-ep{{end}} "
             "{{range .Config.Env}}<{{.}}>{{end}} {{with .Config.Volumes}}vols{{else}}no-vols{{end}} "
             "{{range $k, $v := .Config.Labels}}{{$k}}{{else}}no-labels{{end}}' busybox"),
    Scenario("tmpl-printf-nil-kinds", "docker inspect -f '{{printf \"%v|%q|%d\" .Config.Volumes .Config.Entrypoint "
             "(len .Config.Env)}} {{printf \"%v\" .Config.Healthcheck}}' busybox"),
    Scenario("tmpl-container-ports-networks", "docker create --name cmp-hi-np busybox true >/dev/null\n"
             "docker inspect -f '{{.NetworkSettings.Ports}}|{{json .NetworkSettings.Ports}}|"
             "{{.HostConfig.LogConfig.Config}}|{{json .HostConfig.Tmpfs}}|{{.HostConfig.Tmpfs}}' cmp-hi-np\n"
             "docker rm cmp-hi-np >/dev/null"),
    Scenario("tmpl-image-config-json", "docker image inspect -f '{{json .Config}}' busybox"),
)

IMPORT: tuple[Scenario, ...] = (
    Scenario("import-stdin", "docker create --name cmp-hi-exp busybox true >/dev/null\n"
             "docker export cmp-hi-exp | docker import - cmp-hi-imp:1\n" + EXIT
             + "docker images cmp-hi-imp --format '{{.Repository}}:{{.Tag}}'\n"
             "docker run --rm --pull=never cmp-hi-imp:1 echo imported\n" + EXIT
             + "docker rm cmp-hi-exp >/dev/null\ndocker rmi cmp-hi-imp:1 >/dev/null"),
    Scenario("import-file-and-history", ROOTFS + "docker image import rootfs.tar cmp-hi-imf:2\n" + EXIT
             + "docker history --format '{{.CreatedBy}}|{{.Comment}}' cmp-hi-imf:2\n"
             "docker image inspect -f '{{.Config.Cmd}}|{{.Comment}}|{{.Os}}|{{len .RootFS.Layers}}' cmp-hi-imf:2\n"
             "docker rmi cmp-hi-imf:2 >/dev/null"),
    Scenario("import-untagged", ROOTFS + "docker import rootfs.tar\n" + EXIT
             + "docker images --format '{{.Repository}}:{{.Tag}}' | sort"),
    Scenario("import-change-cmd", ROOTFS + "docker import -c 'CMD [\"/bin/echo\", \"from-cmd\"]' rootfs.tar "
             "cmp-hi-imc:1 >/dev/null\ndocker run --rm --pull=never cmp-hi-imc:1\n"
             "docker image inspect -f '{{json .Config.Cmd}} {{json .Config.Entrypoint}}' cmp-hi-imc:1\n"
             "docker rmi cmp-hi-imc:1 >/dev/null"),
    Scenario("import-change-env-workdir", ROOTFS + "docker import --change 'ENV A=b' --change 'WORKDIR /tmp' "
             "-c 'EXPOSE 80/tcp' -c 'LABEL hi=1' -c 'USER nobody' rootfs.tar cmp-hi-ime:1 >/dev/null\n"
             "docker image inspect -f '{{json .Config.Env}} {{.Config.WorkingDir}} {{json .Config.ExposedPorts}} "
             "{{json .Config.Labels}} {{.Config.User}}' cmp-hi-ime:1\n"
             "docker run --rm --pull=never cmp-hi-ime:1 sh -c 'echo $A; pwd; id -u'\n"
             "docker rmi cmp-hi-ime:1 >/dev/null"),
    Scenario("import-message", ROOTFS + "docker import -m 'my message' rootfs.tar cmp-hi-imm:1 >/dev/null\n"
             "docker image inspect -f '{{.Comment}}' cmp-hi-imm:1\n"
             "docker history --format '{{.Comment}}' cmp-hi-imm:1\ndocker rmi cmp-hi-imm:1 >/dev/null"),
    Scenario("import-missing-file", "docker import cmp-hi-nope.tar\n" + EXIT),
    Scenario("import-bad-change", ROOTFS + "docker import -c 'BOGUS x' rootfs.tar cmp-hi-bad:1\n" + EXIT
             + "docker import -c 'RUN echo' rootfs.tar cmp-hi-bad:1\n" + EXIT),
    Scenario("import-no-args", "docker import\n" + EXIT + "docker image import\n" + EXIT),
    Scenario("import-bad-reference", ROOTFS + "docker import rootfs.tar Cmp-Hi-Upper\n" + EXIT),
    Scenario("import-garbage", "yes garbage | head -c 4096 > g.tar\ndocker import g.tar cmp-hi-ig:1\n" + EXIT),
)

PRUNE: tuple[Scenario, ...] = (
    Scenario("image-prune-nothing", "docker image prune -f\n" + EXIT),
    Scenario("image-prune-dangling", ROOTFS + "docker import -m one rootfs.tar cmp-hi-pd:1 >/dev/null\n"
             "docker import -m two rootfs.tar cmp-hi-pd:1 >/dev/null\n"
             "docker images --filter dangling=true -q | wc -l\ndocker image prune -f\n" + EXIT
             + "docker images --filter dangling=true -q | wc -l\ndocker rmi cmp-hi-pd:1 >/dev/null"),
    Scenario("image-prune-all", "docker tag busybox cmp-hi-pa:1\ndocker image prune -a -f\n" + EXIT
             + "docker images -q | wc -l",
             "removes busybox too; the runner loads it again"),
    Scenario("image-prune-all-in-use", "docker create --name cmp-hi-pu busybox true >/dev/null\n"
             "docker image prune --all --force\n" + EXIT + "docker images --format '{{.Repository}}'\n"
             "docker rm cmp-hi-pu >/dev/null"),
    Scenario("image-prune-filter-label", ROOTFS + "docker import -c 'LABEL hi=1' rootfs.tar cmp-hi-pl:1 >/dev/null\n"
             "docker import -c 'LABEL hi=2' rootfs.tar cmp-hi-pl:1 >/dev/null\n"
             "docker image prune -f --filter label=hi=2\n" + EXIT + "docker image prune -f --filter label=hi=1\n"
             + EXIT + "docker rmi cmp-hi-pl:1 >/dev/null"),
    Scenario("image-prune-untagged-import", ROOTFS + "docker import -c 'LABEL hi=1' rootfs.tar >/dev/null\n"
             "docker import -c 'LABEL hi=2' rootfs.tar >/dev/null\n"
             "docker image prune -f --filter label=hi=2\n" + EXIT + "docker images -q | wc -l\n"
             "docker image prune -f --filter 'label!=hi=1'\n" + EXIT + "docker image prune -f\n" + EXIT
             + "docker images -q | wc -l"),
    Scenario("image-prune-filter-until", ROOTFS + "docker import rootfs.tar cmp-hi-pt:1 >/dev/null\n"
             "docker import rootfs.tar cmp-hi-pt:1 >/dev/null\n"
             "docker image prune -f --filter until=24h\n" + EXIT + "docker rmi cmp-hi-pt:1 >/dev/null"),
    Scenario("image-prune-bad-filter", "docker image prune -f --filter bogus=1\n" + EXIT),
    Scenario("image-prune-no-force-stdin", "echo n | docker image prune\n" + EXIT + "echo y | docker image prune\n"
             + EXIT),
    Scenario("image-prune-extra-argument", "docker image prune -f busybox\n" + EXIT),
)

HISTORY: tuple[Scenario, ...] = (
    Scenario("history-no-trunc-human", "docker history --no-trunc busybox\ndocker history -H=false busybox"),
    Scenario("history-format-json", "docker history --format json busybox\ndocker history --format '{{json .}}' busybox"),
    Scenario("history-by-id", ID + "docker history -q \"$ID\"\ndocker history --format '{{.ID}}' \"sha256:$ID\""),
    Scenario("history-no-args", "docker history\n" + EXIT + "docker history busybox busybox\n" + EXIT),
    Scenario("history-imported", ROOTFS + "docker import -m 'imp msg' rootfs.tar cmp-hi-hi:1 >/dev/null\n"
             "docker history cmp-hi-hi:1\ndocker history -q cmp-hi-hi:1 | wc -l\ndocker rmi cmp-hi-hi:1 >/dev/null"),
    Scenario("history-bad-format", "docker history --format '{{.Nope}}' busybox\n" + EXIT),
)

SAVE: tuple[Scenario, ...] = (
    Scenario("save-char-device", "mknod cnull c 1 3\ndocker save -o cnull busybox\n" + EXIT
             + "test -c cnull && echo still-a-device",
             "a character device like /dev/null, made in the working directory so a regression cannot hurt the host"),
    Scenario("save-fifo-symlink-dir", "mkfifo fifo\nln -s target lnk\nmkdir dir\n"
             "docker save -o fifo busybox\n" + EXIT + "docker save -o lnk busybox\n" + EXIT
             + "docker save --output dir busybox\n" + EXIT + "ls -l lnk | cut -c1"),
    Scenario("save-missing-folder", "docker save -o nodir/x.tar busybox\n" + EXIT),
    Scenario("save-stdout-terminal", "script -qec 'docker save busybox' /dev/null | tr -d '\\r'\n" + EXIT,
             "stdout a terminal (script(1)): docker refuses before asking the engine"),
    Scenario("save-overwrite-file", "echo old > s.tar\ndocker save -o s.tar busybox\n" + EXIT
             + "tar tf s.tar | grep -c manifest.json"),
    Scenario("save-several-missing", "docker save -o x.tar cmp-hi-n1 cmp-hi-n2\n" + EXIT + "test -e x.tar || echo no-file"),
    Scenario("save-by-id", ID + "docker save \"$ID\" | tar t | grep -c manifest.json\n" + EXIT),
)

TAG: tuple[Scenario, ...] = (
    Scenario("tag-digest-target", "docker tag busybox cmp-hi-t@sha256:"
             "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n" + EXIT),
    Scenario("tag-bad-targets", "docker tag busybox 'cmp-hi-t:bad tag'\n" + EXIT + "docker tag busybox cmp-hi-t:\n"
             + EXIT + "docker tag busybox ':x'\n" + EXIT + "docker tag busybox cmp-hi-t:" + "x" * 129 + "\n" + EXIT),
    Scenario("tag-by-id", ID + "docker tag \"$ID\" cmp-hi-tid:1\n" + EXIT
             + "docker images --format '{{.Repository}}:{{.Tag}}' cmp-hi-tid\ndocker rmi cmp-hi-tid:1"),
    Scenario("tag-three-args", "docker tag busybox cmp-hi-a cmp-hi-b\n" + EXIT),
    Scenario("tag-moves-name", ROOTFS + "docker import rootfs.tar cmp-hi-mv:1 >/dev/null\n"
             "docker tag busybox cmp-hi-mv:1\n" + EXIT + "docker images --format '{{.Repository}}:{{.Tag}}' | sort\n"
             "docker rmi cmp-hi-mv:1"),
    Scenario("tag-bad-source", "docker tag 'Bad:Src' cmp-hi-t:1\n" + EXIT + "docker tag busybox:nope cmp-hi-t:1\n"
             + EXIT),
)

INSPECT: tuple[Scenario, ...] = (
    Scenario("image-inspect-several", "docker tag busybox cmp-hi-is:1\n"
             "docker image inspect -f '{{.RepoTags}}' busybox cmp-hi-is:1\ndocker rmi cmp-hi-is:1 >/dev/null"),
    Scenario("image-inspect-missing", "docker image inspect cmp-hi-nope\n" + EXIT
             + "docker image inspect cmp-hi-n1 cmp-hi-n2:2\n" + EXIT),
    Scenario("image-inspect-some-missing", "docker image inspect -f '{{.RepoTags}}' busybox cmp-hi-nope\n" + EXIT
             + "docker image inspect busybox cmp-hi-nope | grep -c '\"Id\"'\n"),
    Scenario("inspect-type-image-of-container", "docker create --name cmp-hi-ty busybox true >/dev/null\n"
             "docker inspect --type image cmp-hi-ty\n" + EXIT + "docker image inspect cmp-hi-ty\n" + EXIT
             + "docker rm cmp-hi-ty >/dev/null"),
    Scenario("image-inspect-no-args", "docker image inspect\n" + EXIT),
    Scenario("image-inspect-by-id-forms", ID + "docker image inspect -f '{{.RepoTags}}' \"$ID\" \"sha256:$ID\" "
             "\"$(echo \"$ID\" | cut -c1-6)\"\n" + EXIT),
)

SCENARIOS: tuple[Scenario, ...] = RMI + LOAD + TEMPLATES + IMPORT + PRUNE + HISTORY + SAVE + TAG + INSPECT
