# bash completion for pydock, and for docker when docker is pydock     -*- shell-script -*-
# Generated from pydock's spec by `python -m shim.completion.generate --write`: do not edit.
# Use: `source` this file, or let `pydock completion --install` put it where bash-completion looks.

__pydock_top='attach build builder checkpoint commit completion compose config container context cp create daemon diff doctor events exec export history image images import info inspect install kill load login logout logs manifest network node pause plugin port ps pull push rename restart rm rmi run save search secret service stack start stats stop swarm system tag top trust uninstall unpause update version volume wait'
__pydock_global_flags='--config --context -c --debug -D --host -H --log-level -l --tls --tlscacert --tlscert --tlskey --tlsverify --version -v --dry-run --backend --namespace'
__pydock_global_valued='|--config|--context|-c|--host|-H|--log-level|-l|--tlscacert|--tlscert|--tlskey|--backend|--namespace|'

# The subcommands of a management group (REPLY), or failure for a word that is no group.
__pydock_group() {
    case $1 in
        builder) REPLY='build prune' ;;
        checkpoint) REPLY='create list ls remove rm' ;;
        compose) REPLY='attach build commit config cp create down events exec export images kill logs ls pause port ps publish pull push restart rm run scale start stats stop top unpause up version volumes wait watch' ;;
        config) REPLY='create inspect list ls remove rm' ;;
        container) REPLY='attach commit cp create diff exec export inspect kill list logs ls pause port prune ps remove rename restart rm run start stats stop top unpause update wait' ;;
        context) REPLY='create export import inspect list ls remove rm show update use' ;;
        daemon) REPLY='start status stop' ;;
        image) REPLY='build history import inspect list load ls prune pull push remove rm save tag' ;;
        manifest) REPLY='annotate create inspect push rm' ;;
        network) REPLY='connect create disconnect inspect list ls prune remove rm' ;;
        node) REPLY='demote inspect list ls promote ps remove rm update' ;;
        plugin) REPLY='create disable enable inspect install list ls push remove rm set upgrade' ;;
        secret) REPLY='create inspect list ls remove rm' ;;
        service) REPLY='create inspect list logs ls ps remove rm rollback scale update' ;;
        stack) REPLY='config deploy down list ls ps remove rm services up' ;;
        swarm) REPLY='ca init join join-token leave unlock unlock-key update' ;;
        system) REPLY='df events info prune' ;;
        trust) REPLY='inspect revoke sign' ;;
        volume) REPLY='create inspect list ls prune remove rm update' ;;
        *) return 1 ;;
    esac
}

# One command path: its flags, the valued ones, its positional value kinds (comma-joined tokens per
# position), whether the last position repeats, and whether flags stop at the first positional.
__pydock_spot() {
    case $1 in
        attach|'container attach')
            __pydock_id='attach' __pydock_flags='--detach-keys --no-stdin --sig-proxy'
            __pydock_valued='|--detach-keys|' __pydock_args='@running'
            __pydock_repeat=0 __pydock_stop=0 ;;
        build|'builder build'|'image build')
            __pydock_id='build' __pydock_flags='--add-host --build-arg --cache-from --cgroup-parent --compress --cpu-period --cpu-quota --cpu-shares -c --cpuset-cpus --cpuset-mems --disable-content-trust --file -f --force-rm --iidfile --isolation --label --memory -m --memory-swap --network --no-cache --platform --pull --quiet -q --rm --security-opt --shm-size --squash --tag -t --target --ulimit'
            __pydock_valued='|--add-host|--build-arg|--cache-from|--cgroup-parent|--cpu-period|--cpu-quota|--cpu-shares|-c|--cpuset-cpus|--cpuset-mems|--file|-f|--iidfile|--isolation|--label|--memory|-m|--memory-swap|--network|--platform|--security-opt|--shm-size|--tag|-t|--target|--ulimit|' __pydock_args='@file'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'builder prune')
            __pydock_id='builder prune' __pydock_flags='--all -a --filter --force -f --keep-storage'
            __pydock_valued='|--filter|--keep-storage|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'checkpoint create')
            __pydock_id='checkpoint create' __pydock_flags='--checkpoint-dir --leave-running'
            __pydock_valued='|--checkpoint-dir|' __pydock_args='@container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'checkpoint list'|'checkpoint ls')
            __pydock_id='checkpoint ls' __pydock_flags='--checkpoint-dir'
            __pydock_valued='|--checkpoint-dir|' __pydock_args='@container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'checkpoint remove'|'checkpoint rm')
            __pydock_id='checkpoint rm' __pydock_flags='--checkpoint-dir'
            __pydock_valued='|--checkpoint-dir|' __pydock_args='@container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        commit|'container commit')
            __pydock_id='commit' __pydock_flags='--author -a --change -c --message -m --pause -p'
            __pydock_valued='|--author|-a|--change|-c|--message|-m|' __pydock_args='@container'
            __pydock_repeat=0 __pydock_stop=1 ;;
        completion)
            __pydock_id='completion' __pydock_flags='--install --shell --show'
            __pydock_valued='|--shell|' __pydock_args='bash,zsh,fish'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose attach')
            __pydock_id='compose attach' __pydock_flags='--detach-keys --dry-run --index --no-stdin --sig-proxy'
            __pydock_valued='|--detach-keys|--index|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose build')
            __pydock_id='compose build' __pydock_flags='--build-arg --builder --check --dry-run --memory -m --no-cache --print --provenance --pull --push --quiet -q --sbom --ssh --with-dependencies'
            __pydock_valued='|--build-arg|--builder|--memory|-m|--provenance|--sbom|--ssh|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose commit')
            __pydock_id='compose commit' __pydock_flags='--author -a --change -c --dry-run --index --message -m --pause -p'
            __pydock_valued='|--author|-a|--change|-c|--index|--message|-m|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose config')
            __pydock_id='compose config' __pydock_flags='--dry-run --environment --format --hash --images --lock-image-digests --models --networks --no-consistency --no-env-resolution --no-interpolate --no-normalize --no-path-resolution --output -o --profiles --quiet -q --resolve-image-digests --services --variables --volumes'
            __pydock_valued='|--format|--hash|--output|-o|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose cp')
            __pydock_id='compose cp' __pydock_flags='--all --archive -a --dry-run --follow-link -L --index'
            __pydock_valued='|--index|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose create')
            __pydock_id='compose create' __pydock_flags='--build --dry-run --force-recreate --no-build --no-recreate --pull --quiet-pull --remove-orphans --scale --yes -y'
            __pydock_valued='|--pull|--scale|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose down')
            __pydock_id='compose down' __pydock_flags='--dry-run --remove-orphans --rmi --timeout -t --volumes -v'
            __pydock_valued='|--rmi|--timeout|-t|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose events')
            __pydock_id='compose events' __pydock_flags='--dry-run --json --since --until'
            __pydock_valued='|--since|--until|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose exec')
            __pydock_id='compose exec' __pydock_flags='--detach -d --dry-run --env -e --index --no-tty -T --privileged --user -u --workdir -w'
            __pydock_valued='|--env|-e|--index|--user|-u|--workdir|-w|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=1 ;;
        'compose export')
            __pydock_id='compose export' __pydock_flags='--dry-run --index --output -o'
            __pydock_valued='|--index|--output|-o|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose images')
            __pydock_id='compose images' __pydock_flags='--dry-run --format --quiet -q'
            __pydock_valued='|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose kill')
            __pydock_id='compose kill' __pydock_flags='--dry-run --remove-orphans --signal -s'
            __pydock_valued='|--signal|-s|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose logs')
            __pydock_id='compose logs' __pydock_flags='--dry-run --follow -f --index --no-color --no-log-prefix --since --tail -n --timestamps -t --until'
            __pydock_valued='|--index|--since|--tail|-n|--until|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose ls')
            __pydock_id='compose ls' __pydock_flags='--all -a --dry-run --filter --format --quiet -q'
            __pydock_valued='|--filter|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose pause')
            __pydock_id='compose pause' __pydock_flags='--dry-run'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose port')
            __pydock_id='compose port' __pydock_flags='--dry-run --index --protocol'
            __pydock_valued='|--index|--protocol|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose ps')
            __pydock_id='compose ps' __pydock_flags='--all -a --dry-run --filter --format --no-trunc --orphans --quiet -q --services --status'
            __pydock_valued='|--filter|--format|--status|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose publish')
            __pydock_id='compose publish' __pydock_flags='--app --dry-run --oci-version --resolve-image-digests --with-env --yes -y'
            __pydock_valued='|--oci-version|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose pull')
            __pydock_id='compose pull' __pydock_flags='--dry-run --ignore-buildable --ignore-pull-failures --include-deps --policy --quiet -q'
            __pydock_valued='|--policy|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose push')
            __pydock_id='compose push' __pydock_flags='--dry-run --ignore-push-failures --include-deps --quiet -q'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose restart')
            __pydock_id='compose restart' __pydock_flags='--dry-run --no-deps --timeout -t'
            __pydock_valued='|--timeout|-t|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose rm')
            __pydock_id='compose rm' __pydock_flags='--dry-run --force -f --stop -s --volumes -v'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose run')
            __pydock_id='compose run' __pydock_flags='--build --cap-add --cap-drop --detach -d --dry-run --entrypoint --env -e --env-from-file --interactive -i --label -l --name --no-deps --no-tty -T --publish -p --pull --quiet -q --quiet-build --quiet-pull --remove-orphans --rm --service-ports -P --use-aliases --user -u --volume -v --workdir -w'
            __pydock_valued='|--cap-add|--cap-drop|--entrypoint|--env|-e|--env-from-file|--label|-l|--name|--publish|-p|--pull|--user|-u|--volume|-v|--workdir|-w|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=1 ;;
        'compose scale')
            __pydock_id='compose scale' __pydock_flags='--dry-run --no-deps'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose start')
            __pydock_id='compose start' __pydock_flags='--dry-run --wait --wait-timeout'
            __pydock_valued='|--wait-timeout|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose stats')
            __pydock_id='compose stats' __pydock_flags='--all -a --dry-run --format --no-stream --no-trunc'
            __pydock_valued='|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose stop')
            __pydock_id='compose stop' __pydock_flags='--dry-run --timeout -t'
            __pydock_valued='|--timeout|-t|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose top')
            __pydock_id='compose top' __pydock_flags='--dry-run'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose unpause')
            __pydock_id='compose unpause' __pydock_flags='--dry-run'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose up')
            __pydock_id='compose up' __pydock_flags='--abort-on-container-exit --abort-on-container-failure --always-recreate-deps --attach --attach-dependencies --build --detach -d --dry-run --exit-code-from --force-recreate --menu --no-attach --no-build --no-color --no-deps --no-log-prefix --no-recreate --no-start --pull --quiet-build --quiet-pull --remove-orphans --renew-anon-volumes -V --scale --timeout -t --timestamps --wait --wait-timeout --watch -w --yes -y'
            __pydock_valued='|--attach|--exit-code-from|--no-attach|--pull|--scale|--timeout|-t|--wait-timeout|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose version')
            __pydock_id='compose version' __pydock_flags='--dry-run --format -f --short'
            __pydock_valued='|--format|-f|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose volumes')
            __pydock_id='compose volumes' __pydock_flags='--dry-run --format --quiet -q'
            __pydock_valued='|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose wait')
            __pydock_id='compose wait' __pydock_flags='--down-project --dry-run'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'compose watch')
            __pydock_id='compose watch' __pydock_flags='--dry-run --no-up --prune --quiet'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'config create')
            __pydock_id='config create' __pydock_flags='--label -l --template-driver'
            __pydock_valued='|--label|-l|--template-driver|' __pydock_args=' @file'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'config inspect')
            __pydock_id='config inspect' __pydock_flags='--format -f --pretty'
            __pydock_valued='|--format|-f|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'config list'|'config ls')
            __pydock_id='config ls' __pydock_flags='--filter -f --format --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'config remove'|'config rm')
            __pydock_id='config rm' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container cp'|cp)
            __pydock_id='container cp' __pydock_flags='--archive -a --follow-link -L --quiet -q'
            __pydock_valued='' __pydock_args='@container @file   @file @container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container create'|create)
            __pydock_id='container create' __pydock_flags='--add-host --annotation --attach -a --blkio-weight --blkio-weight-device --cap-add --cap-drop --cgroup-parent --cgroupns --cidfile --cpu-count --cpu-percent --cpu-period --cpu-quota --cpu-rt-period --cpu-rt-runtime --cpu-shares -c --cpus --cpuset-cpus --cpuset-mems --device --device-cgroup-rule --device-read-bps --device-read-iops --device-write-bps --device-write-iops --disable-content-trust --dns --dns-option --dns-search --domainname --entrypoint --env -e --env-file --expose --gpus --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --help --hostname -h --init --interactive -i --io-maxbandwidth --io-maxiops --ip --ip6 --ipc --isolation --kernel-memory --label -l --label-file --link --link-local-ip --log-driver --log-opt --mac-address --memory -m --memory-reservation --memory-swap --memory-swappiness --mount --name --network --network-alias --no-healthcheck --oom-kill-disable --oom-score-adj --pid --pids-limit --platform --privileged --publish -p --publish-all -P --pull --quiet -q --read-only --restart --rm --runtime --security-opt --shm-size --stop-signal --stop-timeout --storage-opt --sysctl --tmpfs --tty -t --ulimit --use-api-socket --user -u --userns --uts --volume -v --volume-driver --volumes-from --workdir -w'
            __pydock_valued='|--add-host|--annotation|--attach|-a|--blkio-weight|--blkio-weight-device|--cap-add|--cap-drop|--cgroup-parent|--cgroupns|--cidfile|--cpu-count|--cpu-percent|--cpu-period|--cpu-quota|--cpu-rt-period|--cpu-rt-runtime|--cpu-shares|-c|--cpus|--cpuset-cpus|--cpuset-mems|--device|--device-cgroup-rule|--device-read-bps|--device-read-iops|--device-write-bps|--device-write-iops|--dns|--dns-option|--dns-search|--domainname|--entrypoint|--env|-e|--env-file|--expose|--gpus|--group-add|--health-cmd|--health-interval|--health-retries|--health-start-interval|--health-start-period|--health-timeout|--hostname|-h|--io-maxbandwidth|--io-maxiops|--ip|--ip6|--ipc|--isolation|--kernel-memory|--label|-l|--label-file|--link|--link-local-ip|--log-driver|--log-opt|--mac-address|--memory|-m|--memory-reservation|--memory-swap|--memory-swappiness|--mount|--name|--network|--network-alias|--oom-score-adj|--pid|--pids-limit|--platform|--publish|-p|--pull|--restart|--runtime|--security-opt|--shm-size|--stop-signal|--stop-timeout|--storage-opt|--sysctl|--tmpfs|--ulimit|--user|-u|--userns|--uts|--volume|-v|--volume-driver|--volumes-from|--workdir|-w|' __pydock_args='@image'
            __pydock_repeat=0 __pydock_stop=1 ;;
        'container diff'|diff)
            __pydock_id='container diff' __pydock_flags=''
            __pydock_valued='' __pydock_args='@container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container export'|export)
            __pydock_id='container export' __pydock_flags='--output -o'
            __pydock_valued='|--output|-o|' __pydock_args='@container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container kill'|kill)
            __pydock_id='container kill' __pydock_flags='--signal -s'
            __pydock_valued='|--signal|-s|' __pydock_args='@running'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'container pause'|pause)
            __pydock_id='container pause' __pydock_flags=''
            __pydock_valued='' __pydock_args='@running'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'container port'|port)
            __pydock_id='container port' __pydock_flags=''
            __pydock_valued='' __pydock_args='@running'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container prune')
            __pydock_id='container prune' __pydock_flags='--filter --force -f'
            __pydock_valued='|--filter|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container rename'|rename)
            __pydock_id='container rename' __pydock_flags=''
            __pydock_valued='' __pydock_args='@container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container restart'|restart)
            __pydock_id='container restart' __pydock_flags='--signal -s --timeout -t'
            __pydock_valued='|--signal|-s|--timeout|-t|' __pydock_args='@container'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'container start'|start)
            __pydock_id='container start' __pydock_flags='--attach -a --checkpoint --checkpoint-dir --detach-keys --interactive -i'
            __pydock_valued='|--checkpoint|--checkpoint-dir|--detach-keys|' __pydock_args='@container'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'container stats'|stats)
            __pydock_id='container stats' __pydock_flags='--all -a --format --no-stream --no-trunc'
            __pydock_valued='|--format|' __pydock_args='@running'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'container top'|top)
            __pydock_id='container top' __pydock_flags=''
            __pydock_valued='' __pydock_args='@running'
            __pydock_repeat=0 __pydock_stop=1 ;;
        'container unpause'|unpause)
            __pydock_id='container unpause' __pydock_flags=''
            __pydock_valued='' __pydock_args='@container'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'container update'|update)
            __pydock_id='container update' __pydock_flags='--blkio-weight --cpu-period --cpu-quota --cpu-rt-period --cpu-rt-runtime --cpu-shares -c --cpus --cpuset-cpus --cpuset-mems --memory -m --memory-reservation --memory-swap --pids-limit --restart'
            __pydock_valued='|--blkio-weight|--cpu-period|--cpu-quota|--cpu-rt-period|--cpu-rt-runtime|--cpu-shares|-c|--cpus|--cpuset-cpus|--cpuset-mems|--memory|-m|--memory-reservation|--memory-swap|--pids-limit|--restart|' __pydock_args='@container'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'container wait'|wait)
            __pydock_id='container wait' __pydock_flags=''
            __pydock_valued='' __pydock_args='@container'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'container inspect')
            __pydock_id='container_inspect' __pydock_flags='--format -f --size -s'
            __pydock_valued='|--format|-f|' __pydock_args='@container'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'context create')
            __pydock_id='context create' __pydock_flags='--description --docker --from'
            __pydock_valued='|--description|--docker|--from|' __pydock_args='@context'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'context export')
            __pydock_id='context export' __pydock_flags=''
            __pydock_valued='' __pydock_args='@context'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'context import')
            __pydock_id='context import' __pydock_flags=''
            __pydock_valued='' __pydock_args='@context'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'context inspect')
            __pydock_id='context inspect' __pydock_flags='--format -f'
            __pydock_valued='|--format|-f|' __pydock_args='@context'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'context list'|'context ls')
            __pydock_id='context ls' __pydock_flags='--format --quiet -q'
            __pydock_valued='|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'context remove'|'context rm')
            __pydock_id='context rm' __pydock_flags='--force -f'
            __pydock_valued='' __pydock_args='@context'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'context show')
            __pydock_id='context show' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'context update')
            __pydock_id='context update' __pydock_flags='--description --docker'
            __pydock_valued='|--description|--docker|' __pydock_args='@context'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'context use')
            __pydock_id='context use' __pydock_flags=''
            __pydock_valued='' __pydock_args='@context'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'daemon start')
            __pydock_id='daemon_start' __pydock_flags='--containerd --config --address --pidfile --log --root --state --buildkitd --namespace'
            __pydock_valued='|--containerd|--config|--address|--pidfile|--log|--root|--state|--buildkitd|--namespace|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'daemon status')
            __pydock_id='daemon_status' __pydock_flags='--address --namespace'
            __pydock_valued='|--address|--namespace|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'daemon stop')
            __pydock_id='daemon_stop' __pydock_flags='--pidfile --namespace'
            __pydock_valued='|--pidfile|--namespace|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        doctor)
            __pydock_id='doctor' __pydock_flags='--namespace --address --context'
            __pydock_valued='|--namespace|--address|--context|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        events|'system events')
            __pydock_id='events' __pydock_flags='--filter -f --format --since --until'
            __pydock_valued='|--filter|-f|--format|--since|--until|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container exec'|exec)
            __pydock_id='exec' __pydock_flags='--detach -d --detach-keys --env -e --env-file --interactive -i --privileged --tty -t --user -u --workdir -w'
            __pydock_valued='|--detach-keys|--env|-e|--env-file|--user|-u|--workdir|-w|' __pydock_args='@running'
            __pydock_repeat=0 __pydock_stop=1 ;;
        history|'image history')
            __pydock_id='history' __pydock_flags='--format --human -H --no-trunc --platform --quiet -q'
            __pydock_valued='|--format|--platform|' __pydock_args='@image'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'image import'|import)
            __pydock_id='image import' __pydock_flags='--change -c --message -m --platform'
            __pydock_valued='|--change|-c|--message|-m|--platform|' __pydock_args='@file'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'image prune')
            __pydock_id='image prune' __pydock_flags='--all -a --filter --force -f'
            __pydock_valued='|--filter|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'image inspect')
            __pydock_id='image_inspect' __pydock_flags='--format -f --platform'
            __pydock_valued='|--format|-f|--platform|' __pydock_args='@image'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'image list'|'image ls'|images)
            __pydock_id='images' __pydock_flags='--all -a --digests --filter -f --format --no-trunc --quiet -q --tree'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        info|'system info')
            __pydock_id='info' __pydock_flags='--format -f'
            __pydock_valued='|--format|-f|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        inspect)
            __pydock_id='inspect' __pydock_flags='--format -f --size -s --type'
            __pydock_valued='|--format|-f|--type|' __pydock_args='@container,@image'
            __pydock_repeat=1 __pydock_stop=0 ;;
        install)
            __pydock_id='install' __pydock_flags='--method --prefix --cni-dir --from --mirror --manifest --components --cache --dry-run --no-start --start --docker-shim --dir --force --no-force'
            __pydock_valued='|--method|--prefix|--cni-dir|--from|--mirror|--manifest|--components|--cache|--dir|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'image load'|load)
            __pydock_id='load' __pydock_flags='--input -i --platform --quiet -q'
            __pydock_valued='|--input|-i|--platform|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        login)
            __pydock_id='login' __pydock_flags='--password -p --password-stdin --username -u'
            __pydock_valued='|--password|-p|--username|-u|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        logout)
            __pydock_id='logout' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container logs'|logs)
            __pydock_id='logs' __pydock_flags='--details --follow -f --since --tail -n --timestamps -t --until'
            __pydock_valued='|--since|--tail|-n|--until|' __pydock_args='@container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'manifest annotate')
            __pydock_id='manifest annotate' __pydock_flags='--arch --os --os-features --os-version --variant'
            __pydock_valued='|--arch|--os|--os-features|--os-version|--variant|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'manifest create')
            __pydock_id='manifest create' __pydock_flags='--amend -a --insecure'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'manifest inspect')
            __pydock_id='manifest inspect' __pydock_flags='--insecure --verbose -v'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'manifest push')
            __pydock_id='manifest push' __pydock_flags='--insecure --purge -p'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'manifest rm')
            __pydock_id='manifest rm' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'network connect')
            __pydock_id='network connect' __pydock_flags='--alias --driver-opt --gw-priority --ip --ip6 --link --link-local-ip'
            __pydock_valued='|--alias|--driver-opt|--gw-priority|--ip|--ip6|--link|--link-local-ip|' __pydock_args='@network @container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'network create')
            __pydock_id='network create' __pydock_flags='--attachable --aux-address --config-from --config-only --driver -d --gateway --ingress --internal --ip-range --ipam-driver --ipam-opt --ipv4 --ipv6 --label --opt -o --scope --subnet'
            __pydock_valued='|--aux-address|--config-from|--driver|-d|--gateway|--ip-range|--ipam-driver|--ipam-opt|--label|--opt|-o|--scope|--subnet|' __pydock_args='@network'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'network disconnect')
            __pydock_id='network disconnect' __pydock_flags='--force -f'
            __pydock_valued='' __pydock_args='@network @container'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'network inspect')
            __pydock_id='network inspect' __pydock_flags='--format -f --verbose -v'
            __pydock_valued='|--format|-f|' __pydock_args='@network'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'network list'|'network ls')
            __pydock_id='network ls' __pydock_flags='--filter -f --format --no-trunc --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'network prune')
            __pydock_id='network prune' __pydock_flags='--filter --force -f'
            __pydock_valued='|--filter|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'network remove'|'network rm')
            __pydock_id='network rm' __pydock_flags='--force -f'
            __pydock_valued='' __pydock_args='@network'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'node demote')
            __pydock_id='node demote' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'node inspect')
            __pydock_id='node inspect' __pydock_flags='--format -f --pretty'
            __pydock_valued='|--format|-f|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'node list'|'node ls')
            __pydock_id='node ls' __pydock_flags='--filter -f --format --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'node promote')
            __pydock_id='node promote' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'node ps')
            __pydock_id='node ps' __pydock_flags='--filter -f --format --no-resolve --no-trunc --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'node remove'|'node rm')
            __pydock_id='node rm' __pydock_flags='--force -f'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'node update')
            __pydock_id='node update' __pydock_flags='--availability --label-add --label-rm --role'
            __pydock_valued='|--availability|--label-add|--label-rm|--role|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin create')
            __pydock_id='plugin create' __pydock_flags='--compress'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin disable')
            __pydock_id='plugin disable' __pydock_flags='--force -f'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin enable')
            __pydock_id='plugin enable' __pydock_flags='--timeout'
            __pydock_valued='|--timeout|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin inspect')
            __pydock_id='plugin inspect' __pydock_flags='--format -f'
            __pydock_valued='|--format|-f|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin install')
            __pydock_id='plugin install' __pydock_flags='--alias --disable --disable-content-trust --grant-all-permissions'
            __pydock_valued='|--alias|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin list'|'plugin ls')
            __pydock_id='plugin ls' __pydock_flags='--filter -f --format --no-trunc --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin push')
            __pydock_id='plugin push' __pydock_flags='--disable-content-trust'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin remove'|'plugin rm')
            __pydock_id='plugin rm' __pydock_flags='--force -f'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin set')
            __pydock_id='plugin set' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'plugin upgrade')
            __pydock_id='plugin upgrade' __pydock_flags='--disable-content-trust --grant-all-permissions --skip-remote-check'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container list'|'container ls'|'container ps'|ps)
            __pydock_id='ps' __pydock_flags='--all -a --filter -f --format --last -n --latest -l --no-trunc --quiet -q --size -s'
            __pydock_valued='|--filter|-f|--format|--last|-n|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'image pull'|pull)
            __pydock_id='pull' __pydock_flags='--all-tags -a --disable-content-trust --platform --quiet -q'
            __pydock_valued='|--platform|' __pydock_args='@image'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'image push'|push)
            __pydock_id='push' __pydock_flags='--all-tags -a --disable-content-trust --platform --quiet -q'
            __pydock_valued='|--platform|' __pydock_args='@image'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container remove'|'container rm'|rm)
            __pydock_id='rm' __pydock_flags='--force -f --link -l --volumes -v'
            __pydock_valued='' __pydock_args='@container'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'image remove'|'image rm'|rmi)
            __pydock_id='rmi' __pydock_flags='--force -f --no-prune --platform'
            __pydock_valued='|--platform|' __pydock_args='@image'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'container run'|run)
            __pydock_id='run' __pydock_flags='--add-host --annotation --attach -a --blkio-weight --blkio-weight-device --cap-add --cap-drop --cgroup-parent --cgroupns --cidfile --cpu-count --cpu-percent --cpu-period --cpu-quota --cpu-rt-period --cpu-rt-runtime --cpu-shares -c --cpus --cpuset-cpus --cpuset-mems --detach -d --detach-keys --device --device-cgroup-rule --device-read-bps --device-read-iops --device-write-bps --device-write-iops --disable-content-trust --dns --dns-option --dns-search --domainname --entrypoint --env -e --env-file --expose --gpus --group-add --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --hostname -h --init --interactive -i --io-maxbandwidth --io-maxiops --ip --ip6 --ipc --isolation --kernel-memory --label -l --label-file --link --link-local-ip --log-driver --log-opt --mac-address --memory -m --memory-reservation --memory-swap --memory-swappiness --mount --name --network --network-alias --no-healthcheck --oom-kill-disable --oom-score-adj --pid --pids-limit --platform --privileged --publish -p --publish-all -P --pull --quiet -q --read-only --restart --rm --runtime --security-opt --shm-size --sig-proxy --stop-signal --stop-timeout --storage-opt --sysctl --tmpfs --tty -t --ulimit --use-api-socket --user -u --userns --uts --volume -v --volume-driver --volumes-from --workdir -w'
            __pydock_valued='|--add-host|--annotation|--attach|-a|--blkio-weight|--blkio-weight-device|--cap-add|--cap-drop|--cgroup-parent|--cgroupns|--cidfile|--cpu-count|--cpu-percent|--cpu-period|--cpu-quota|--cpu-rt-period|--cpu-rt-runtime|--cpu-shares|-c|--cpus|--cpuset-cpus|--cpuset-mems|--detach-keys|--device|--device-cgroup-rule|--device-read-bps|--device-read-iops|--device-write-bps|--device-write-iops|--dns|--dns-option|--dns-search|--domainname|--entrypoint|--env|-e|--env-file|--expose|--gpus|--group-add|--health-cmd|--health-interval|--health-retries|--health-start-interval|--health-start-period|--health-timeout|--hostname|-h|--io-maxbandwidth|--io-maxiops|--ip|--ip6|--ipc|--isolation|--kernel-memory|--label|-l|--label-file|--link|--link-local-ip|--log-driver|--log-opt|--mac-address|--memory|-m|--memory-reservation|--memory-swap|--memory-swappiness|--mount|--name|--network|--network-alias|--oom-score-adj|--pid|--pids-limit|--platform|--publish|-p|--pull|--restart|--runtime|--security-opt|--shm-size|--stop-signal|--stop-timeout|--storage-opt|--sysctl|--tmpfs|--ulimit|--user|-u|--userns|--uts|--volume|-v|--volume-driver|--volumes-from|--workdir|-w|' __pydock_args='@image'
            __pydock_repeat=0 __pydock_stop=1 ;;
        'image save'|save)
            __pydock_id='save' __pydock_flags='--output -o --platform'
            __pydock_valued='|--output|-o|--platform|' __pydock_args='@image'
            __pydock_repeat=1 __pydock_stop=0 ;;
        search)
            __pydock_id='search' __pydock_flags='--filter -f --format --limit --no-trunc'
            __pydock_valued='|--filter|-f|--format|--limit|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'secret create')
            __pydock_id='secret create' __pydock_flags='--driver -d --label -l --template-driver'
            __pydock_valued='|--driver|-d|--label|-l|--template-driver|' __pydock_args=' @file'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'secret inspect')
            __pydock_id='secret inspect' __pydock_flags='--format -f --pretty'
            __pydock_valued='|--format|-f|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'secret list'|'secret ls')
            __pydock_id='secret ls' __pydock_flags='--filter -f --format --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'secret remove'|'secret rm')
            __pydock_id='secret rm' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'service create')
            __pydock_id='service create' __pydock_flags='--cap-add --cap-drop --config --constraint --container-label --credential-spec --detach -d --dns --dns-option --dns-search --endpoint-mode --entrypoint --env -e --env-file --generic-resource --group --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --host --hostname --init --isolation --label -l --limit-cpu --limit-memory --limit-pids --log-driver --log-opt --max-concurrent --mode --mount --name --network --no-healthcheck --no-resolve-image --oom-score-adj --placement-pref --publish -p --quiet -q --read-only --replicas --replicas-max-per-node --reserve-cpu --reserve-memory --restart-condition --restart-delay --restart-max-attempts --restart-window --rollback-delay --rollback-failure-action --rollback-max-failure-ratio --rollback-monitor --rollback-order --rollback-parallelism --secret --stop-grace-period --stop-signal --sysctl --tty -t --ulimit --update-delay --update-failure-action --update-max-failure-ratio --update-monitor --update-order --update-parallelism --user -u --with-registry-auth --workdir -w'
            __pydock_valued='|--cap-add|--cap-drop|--config|--constraint|--container-label|--credential-spec|--dns|--dns-option|--dns-search|--endpoint-mode|--entrypoint|--env|-e|--env-file|--generic-resource|--group|--health-cmd|--health-interval|--health-retries|--health-start-interval|--health-start-period|--health-timeout|--host|--hostname|--isolation|--label|-l|--limit-cpu|--limit-memory|--limit-pids|--log-driver|--log-opt|--max-concurrent|--mode|--mount|--name|--network|--oom-score-adj|--placement-pref|--publish|-p|--replicas|--replicas-max-per-node|--reserve-cpu|--reserve-memory|--restart-condition|--restart-delay|--restart-max-attempts|--restart-window|--rollback-delay|--rollback-failure-action|--rollback-max-failure-ratio|--rollback-monitor|--rollback-order|--rollback-parallelism|--secret|--stop-grace-period|--stop-signal|--sysctl|--ulimit|--update-delay|--update-failure-action|--update-max-failure-ratio|--update-monitor|--update-order|--update-parallelism|--user|-u|--workdir|-w|' __pydock_args='@image'
            __pydock_repeat=0 __pydock_stop=1 ;;
        'service inspect')
            __pydock_id='service inspect' __pydock_flags='--format -f --pretty'
            __pydock_valued='|--format|-f|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'service logs')
            __pydock_id='service logs' __pydock_flags='--details --follow -f --no-resolve --no-task-ids --no-trunc --raw --since --tail -n --timestamps -t'
            __pydock_valued='|--since|--tail|-n|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'service list'|'service ls')
            __pydock_id='service ls' __pydock_flags='--filter -f --format --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'service ps')
            __pydock_id='service ps' __pydock_flags='--filter -f --format --no-resolve --no-trunc --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'service remove'|'service rm')
            __pydock_id='service rm' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'service rollback')
            __pydock_id='service rollback' __pydock_flags='--detach -d --quiet -q'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'service scale')
            __pydock_id='service scale' __pydock_flags='--detach -d'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'service update')
            __pydock_id='service update' __pydock_flags='--args --cap-add --cap-drop --config-add --config-rm --constraint-add --constraint-rm --container-label-add --container-label-rm --credential-spec --detach -d --dns-add --dns-option-add --dns-option-rm --dns-rm --dns-search-add --dns-search-rm --endpoint-mode --entrypoint --env-add --env-rm --force --generic-resource-add --generic-resource-rm --group-add --group-rm --health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout --host-add --host-rm --hostname --image --init --isolation --label-add --label-rm --limit-cpu --limit-memory --limit-pids --log-driver --log-opt --max-concurrent --mount-add --mount-rm --network-add --network-rm --no-healthcheck --no-resolve-image --oom-score-adj --placement-pref-add --placement-pref-rm --publish-add --publish-rm --quiet -q --read-only --replicas --replicas-max-per-node --reserve-cpu --reserve-memory --restart-condition --restart-delay --restart-max-attempts --restart-window --rollback --rollback-delay --rollback-failure-action --rollback-max-failure-ratio --rollback-monitor --rollback-order --rollback-parallelism --secret-add --secret-rm --stop-grace-period --stop-signal --sysctl-add --sysctl-rm --tty -t --ulimit-add --ulimit-rm --update-delay --update-failure-action --update-max-failure-ratio --update-monitor --update-order --update-parallelism --user -u --with-registry-auth --workdir -w'
            __pydock_valued='|--args|--cap-add|--cap-drop|--config-add|--config-rm|--constraint-add|--constraint-rm|--container-label-add|--container-label-rm|--credential-spec|--dns-add|--dns-option-add|--dns-option-rm|--dns-rm|--dns-search-add|--dns-search-rm|--endpoint-mode|--entrypoint|--env-add|--env-rm|--generic-resource-add|--generic-resource-rm|--group-add|--group-rm|--health-cmd|--health-interval|--health-retries|--health-start-interval|--health-start-period|--health-timeout|--host-add|--host-rm|--hostname|--image|--isolation|--label-add|--label-rm|--limit-cpu|--limit-memory|--limit-pids|--log-driver|--log-opt|--max-concurrent|--mount-add|--mount-rm|--network-add|--network-rm|--oom-score-adj|--placement-pref-add|--placement-pref-rm|--publish-add|--publish-rm|--replicas|--replicas-max-per-node|--reserve-cpu|--reserve-memory|--restart-condition|--restart-delay|--restart-max-attempts|--restart-window|--rollback-delay|--rollback-failure-action|--rollback-max-failure-ratio|--rollback-monitor|--rollback-order|--rollback-parallelism|--secret-add|--secret-rm|--stop-grace-period|--stop-signal|--sysctl-add|--sysctl-rm|--ulimit-add|--ulimit-rm|--update-delay|--update-failure-action|--update-max-failure-ratio|--update-monitor|--update-order|--update-parallelism|--user|-u|--workdir|-w|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'stack config')
            __pydock_id='stack config' __pydock_flags='--compose-file -c --skip-interpolation'
            __pydock_valued='|--compose-file|-c|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'stack deploy'|'stack up')
            __pydock_id='stack deploy' __pydock_flags='--compose-file -c --detach -d --prune --quiet -q --resolve-image --with-registry-auth'
            __pydock_valued='|--compose-file|-c|--resolve-image|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'stack list'|'stack ls')
            __pydock_id='stack ls' __pydock_flags='--format'
            __pydock_valued='|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'stack ps')
            __pydock_id='stack ps' __pydock_flags='--filter -f --format --no-resolve --no-trunc --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'stack down'|'stack remove'|'stack rm')
            __pydock_id='stack rm' __pydock_flags='--detach -d'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'stack services')
            __pydock_id='stack services' __pydock_flags='--filter -f --format --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'container stop'|stop)
            __pydock_id='stop' __pydock_flags='--signal -s --timeout -t'
            __pydock_valued='|--signal|-s|--timeout|-t|' __pydock_args='@running'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'swarm ca')
            __pydock_id='swarm ca' __pydock_flags='--ca-cert --ca-key --cert-expiry --detach -d --external-ca --quiet -q --rotate'
            __pydock_valued='|--ca-cert|--ca-key|--cert-expiry|--external-ca|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'swarm init')
            __pydock_id='swarm init' __pydock_flags='--advertise-addr --autolock --availability --cert-expiry --data-path-addr --data-path-port --default-addr-pool --default-addr-pool-mask-length --dispatcher-heartbeat --external-ca --force-new-cluster --listen-addr --max-snapshots --snapshot-interval --task-history-limit'
            __pydock_valued='|--advertise-addr|--availability|--cert-expiry|--data-path-addr|--data-path-port|--default-addr-pool|--default-addr-pool-mask-length|--dispatcher-heartbeat|--external-ca|--listen-addr|--max-snapshots|--snapshot-interval|--task-history-limit|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'swarm join')
            __pydock_id='swarm join' __pydock_flags='--advertise-addr --availability --data-path-addr --listen-addr --token'
            __pydock_valued='|--advertise-addr|--availability|--data-path-addr|--listen-addr|--token|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'swarm join-token')
            __pydock_id='swarm join-token' __pydock_flags='--quiet -q --rotate'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'swarm leave')
            __pydock_id='swarm leave' __pydock_flags='--force -f'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'swarm unlock')
            __pydock_id='swarm unlock' __pydock_flags=''
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'swarm unlock-key')
            __pydock_id='swarm unlock-key' __pydock_flags='--quiet -q --rotate'
            __pydock_valued='' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'swarm update')
            __pydock_id='swarm update' __pydock_flags='--autolock --cert-expiry --dispatcher-heartbeat --external-ca --max-snapshots --snapshot-interval --task-history-limit'
            __pydock_valued='|--cert-expiry|--dispatcher-heartbeat|--external-ca|--max-snapshots|--snapshot-interval|--task-history-limit|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'system df')
            __pydock_id='system df' __pydock_flags='--format --verbose -v'
            __pydock_valued='|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'system prune')
            __pydock_id='system prune' __pydock_flags='--all -a --filter --force -f --volumes'
            __pydock_valued='|--filter|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'image tag'|tag)
            __pydock_id='tag' __pydock_flags=''
            __pydock_valued='' __pydock_args='@image @image'
            __pydock_repeat=0 __pydock_stop=1 ;;
        'trust inspect')
            __pydock_id='trust inspect' __pydock_flags='--pretty'
            __pydock_valued='' __pydock_args='@image'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'trust revoke')
            __pydock_id='trust revoke' __pydock_flags='--yes -y'
            __pydock_valued='' __pydock_args='@image'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'trust sign')
            __pydock_id='trust sign' __pydock_flags='--local'
            __pydock_valued='' __pydock_args='@image'
            __pydock_repeat=0 __pydock_stop=0 ;;
        uninstall)
            __pydock_id='uninstall' __pydock_flags='--docker-shim --dir'
            __pydock_valued='|--dir|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        version)
            __pydock_id='version' __pydock_flags='--format -f'
            __pydock_valued='|--format|-f|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'volume create')
            __pydock_id='volume create' __pydock_flags='--availability --driver -d --group --label --limit-bytes --opt -o --required-bytes --scope --secret --sharing --topology-preferred --topology-required --type'
            __pydock_valued='|--availability|--driver|-d|--group|--label|--limit-bytes|--opt|-o|--required-bytes|--scope|--secret|--sharing|--topology-preferred|--topology-required|--type|' __pydock_args='@volume'
            __pydock_repeat=0 __pydock_stop=0 ;;
        'volume inspect')
            __pydock_id='volume inspect' __pydock_flags='--format -f'
            __pydock_valued='|--format|-f|' __pydock_args='@volume'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'volume list'|'volume ls')
            __pydock_id='volume ls' __pydock_flags='--cluster --filter -f --format --quiet -q'
            __pydock_valued='|--filter|-f|--format|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'volume prune')
            __pydock_id='volume prune' __pydock_flags='--all -a --filter --force -f'
            __pydock_valued='|--filter|' __pydock_args=''
            __pydock_repeat=0 __pydock_stop=0 ;;
        'volume remove'|'volume rm')
            __pydock_id='volume rm' __pydock_flags='--force -f'
            __pydock_valued='' __pydock_args='@volume'
            __pydock_repeat=1 __pydock_stop=0 ;;
        'volume update')
            __pydock_id='volume update' __pydock_flags='--availability'
            __pydock_valued='|--availability|' __pydock_args='@volume'
            __pydock_repeat=0 __pydock_stop=0 ;;
        *) return 1 ;;
    esac
}

# The value tokens (REPLY) of flag $2 of command $1 (`_` = the global flags).
__pydock_values() {
    case "$1 $2" in
        '_ --context'|'_ -c')
            REPLY='@context' ;;
        '_ --config'|'daemon_start --root'|'daemon_start --state'|'install --prefix'|'install --cni-dir'|'install --from'|'install --cache'|'install --dir'|'uninstall --dir')
            REPLY='@dir' ;;
        '_ --tlscacert'|'_ --tlscert'|'_ --tlskey'|'build --file'|'build -f'|'build --iidfile'|'compose config --output'|'compose config -o'|'compose export --output'|'compose export -o'|'compose run --volume'|'compose run -v'|'container create --cidfile'|'container create --env-file'|'container create --label-file'|'container create --volume'|'container create -v'|'container export --output'|'container export -o'|'daemon_start --containerd'|'daemon_start --config'|'daemon_start --address'|'daemon_start --pidfile'|'daemon_start --log'|'daemon_status --address'|'daemon_stop --pidfile'|'doctor --address'|'exec --env-file'|'install --manifest'|'load --input'|'load -i'|'run --cidfile'|'run --env-file'|'run --label-file'|'run --volume'|'run -v'|'save --output'|'save -o'|'service create --env-file')
            REPLY='@file' ;;
        '_ --namespace'|'daemon_start --namespace'|'daemon_status --namespace'|'daemon_stop --namespace'|'doctor --namespace')
            REPLY='@namespace' ;;
        'build --network')
            REPLY='@network' ;;
        'compose kill --signal'|'compose kill -s'|'container kill --signal'|'container kill -s'|'container restart --signal'|'container restart -s'|'stop --signal'|'stop -s')
            REPLY='HUP INT QUIT KILL USR1 USR2 TERM STOP CONT TSTP WINCH' ;;
        'node update --availability'|'swarm init --availability'|'swarm join --availability'|'volume create --availability'|'volume update --availability')
            REPLY='active pause drain' ;;
        'stack deploy --resolve-image')
            REPLY='always changed never' ;;
        'run --pull')
            REPLY='always missing never' ;;
        'completion --shell')
            REPLY='bash zsh fish' ;;
        '_ --log-level'|'_ -l')
            REPLY='debug info warn error fatal' ;;
        'container create --network'|'run --network'|'service create --network')
            REPLY='host none bridge @network' ;;
        'volume create --type')
            REPLY='mount block' ;;
        '_ --backend')
            REPLY='nerdctl ctr' ;;
        'container create --restart'|'container update --restart'|'run --restart')
            REPLY='no always on-failure unless-stopped' ;;
        'service create --restart-condition'|'service update --restart-condition')
            REPLY='none on-failure any' ;;
        'volume create --sharing')
            REPLY='none readonly onewriter all' ;;
        'service create --rollback-failure-action'|'service update --rollback-failure-action')
            REPLY='pause continue' ;;
        'service create --update-failure-action'|'service update --update-failure-action')
            REPLY='pause continue rollback' ;;
        'service create --mode')
            REPLY='replicated global replicated-job global-job' ;;
        'volume create --scope')
            REPLY='single multi' ;;
        'service create --rollback-order'|'service create --update-order'|'service update --rollback-order'|'service update --update-order')
            REPLY='start-first stop-first' ;;
        'compose config --format'|'compose images --format'|'compose ls --format'|'compose ps --format'|'compose stats --format'|'compose version --format'|'compose version -f'|'compose volumes --format'|'config inspect --format'|'config inspect -f'|'config ls --format'|'container stats --format'|'container_inspect --format'|'container_inspect -f'|'context inspect --format'|'context inspect -f'|'context ls --format'|'events --format'|'history --format'|'image_inspect --format'|'image_inspect -f'|'images --format'|'info --format'|'info -f'|'inspect --format'|'inspect -f'|'network inspect --format'|'network inspect -f'|'network ls --format'|'node inspect --format'|'node inspect -f'|'node ls --format'|'node ps --format'|'plugin inspect --format'|'plugin inspect -f'|'plugin ls --format'|'ps --format'|'search --format'|'secret inspect --format'|'secret inspect -f'|'secret ls --format'|'service inspect --format'|'service inspect -f'|'service ls --format'|'service ps --format'|'stack ls --format'|'stack ps --format'|'stack services --format'|'system df --format'|'version --format'|'version -f'|'volume inspect --format'|'volume inspect -f'|'volume ls --format')
            REPLY='table json' ;;
        'node update --role')
            REPLY='worker manager' ;;
        *) REPLY= ;;
    esac
}

# Add to COMPREPLY what tokens $1 (space-separated) offer for the text $2, each after prefix $4:
# words as they are, @file/@dir paths, @KIND names from `pydock __complete` in namespace $3.
__pydock_offer() {
    local token kinds= name
    for token in $1; do
        case $token in
            @file) compopt -o filenames 2>/dev/null
                   while IFS= read -r name; do COMPREPLY+=("$4$name"); done < <(compgen -f -- "$2") ;;
            @dir) compopt -o filenames 2>/dev/null
                  while IFS= read -r name; do COMPREPLY+=("$4$name"); done < <(compgen -d -- "$2") ;;
            @*) kinds+=" ${token#@}" ;;
            *) [[ $token == "$2"* ]] && COMPREPLY+=("$4$token") ;;
        esac
    done
    [[ -n $kinds ]] || return 0
    # pydock's hot-path helper: a second at most, and nothing on error.
    while IFS= read -r name; do
        [[ $name == "$2"* && " $1 " != *" $name "* ]] && COMPREPLY+=("$4$name")
    done < <(command pydock __complete "$3" $kinds 2>/dev/null)
}

# Offer the words of $1 that start with $2.
__pydock_words() {
    local word
    for word in $1; do [[ $word == "$2"* ]] && COMPREPLY+=("$word"); done
}

_pydock() {
    local line=${COMP_LINE:0:COMP_POINT} cur i w path= group= expect= ns= nargs=0 rest=0 valued REPLY
    local __pydock_id=_ __pydock_flags= __pydock_valued= __pydock_args= __pydock_repeat=0 __pydock_stop=0
    local -a words args
    # Split the line ourselves: COMP_WORDS breaks `--network=host` and `busybox:latest` apart.
    read -ra words <<< "$line"
    if [[ -z $line || $line == *[[:space:]] ]]; then cur=; else cur=${words[-1]}; unset 'words[-1]'; fi
    COMPREPLY=()
    for ((i = 1; i < ${#words[@]}; i++)); do
        w=${words[i]}
        if [[ -n $expect ]]; then
            [[ $expect == --namespace && -z $path ]] && ns=$w
            expect=; continue
        fi
        if ((rest)); then ((nargs++)); continue; fi
        if [[ $w == --namespace=* && -z $path ]]; then ns=${w#*=}; continue; fi
        if [[ $w == -?* ]]; then
            if [[ $w == -- ]]; then [[ -n $path ]] && rest=1; continue; fi
            [[ $w == *=* ]] && continue
            if [[ -z $path ]]; then valued=$__pydock_global_valued; else valued=$__pydock_valued; fi
            # `--name VALUE`, `-e VALUE`, and a cluster ending in a valued flag (`-dp 80:80`).
            if [[ $valued == *"|$w|"* || ($w != --* && $valued == *"|-${w: -1}|"*) ]]; then expect=$w; fi
            continue
        fi
        if [[ -n $path ]]; then
            ((nargs++)); ((__pydock_stop)) && rest=1  # run/exec: the rest is the container's command
            continue
        fi
        if [[ -n $group ]]; then
            path="$group $w" group=
        elif __pydock_group "$w"; then
            group=$w; continue
        else
            path=$w
        fi
        __pydock_spot "$path" || return 0  # a command pydock does not know: nothing to offer
    done
    if [[ -n $expect ]]; then
        [[ -n $path ]] || __pydock_id=_
        __pydock_values "$__pydock_id" "$expect"
        __pydock_offer "$REPLY" "$cur" "$ns"
    elif [[ $cur == -*=* ]]; then
        [[ -n $path ]] || __pydock_id=_
        __pydock_values "$__pydock_id" "${cur%%=*}"
        __pydock_offer "$REPLY" "${cur#*=}" "$ns" "${cur%%=*}="
    elif ((rest)); then
        compopt -o default 2>/dev/null  # the container's command and arguments: paths
        return 0
    elif [[ -n $group ]]; then
        __pydock_group "$group"
        __pydock_words "$REPLY --help" "$cur"
    elif [[ -z $path ]]; then
        if [[ $cur == -* ]]; then __pydock_words "$__pydock_global_flags --help" "$cur"
        else __pydock_words "$__pydock_top" "$cur"; fi
    elif [[ $cur == -* ]]; then
        __pydock_words "$__pydock_flags --help" "$cur"
    else
        read -ra args <<< "$__pydock_args"
        if ((nargs < ${#args[@]})); then w=${args[nargs]}
        elif ((__pydock_repeat && ${#args[@]})); then w=${args[-1]}
        else w=; fi
        __pydock_offer "${w//,/ }" "$cur" "$ns"
    fi
    # bash replaces only the text after the last `=` or `:` (COMP_WORDBREAKS): drop what precedes it.
    local trim= part c
    for c in = :; do
        if [[ $COMP_WORDBREAKS == *"$c"* && $cur == *"$c"* ]]; then
            part=${cur%"${cur##*"$c"}"}
            ((${#part} > ${#trim})) && trim=$part
        fi
    done
    if [[ -n $trim ]]; then COMPREPLY=("${COMPREPLY[@]#"$trim"}"); fi
    return 0
}

# `docker` is pydock when it is an alias of pydock, pydock's docker shim, or a link to pydock.
__pydock_docker_is_pydock() {
    local alias=${BASH_ALIASES[docker]-} found pydock head=
    if [[ -n $alias ]]; then
        [[ $alias == pydock || $alias == "pydock "* || $alias == */pydock || $alias == */pydock\ * ]]
        return
    fi
    found=$(type -P docker) || return 1
    pydock=$(type -P pydock) && [[ $found -ef $pydock ]] && return 0
    read -r -N 512 head < "$found" 2>/dev/null
    [[ $head == *'# pydock docker shim'* ]]
}

_pydock_docker() {
    if __pydock_docker_is_pydock; then
        _pydock "$@"
        return
    fi
    # docker is another program: step aside for good; 124 makes bash look again (and
    # bash-completion's loader find that docker's own completion, if any).
    __pydock_docker_declined=1
    complete -r docker
    return 124
}

complete -F _pydock pydock
# A real docker's completion is left alone: docker is claimed when it is pydock, or when no docker
# completion is loaded yet, to be checked on Tab (an alias may come later in ~/.bashrc).
if __pydock_docker_is_pydock || { [[ -z ${__pydock_docker_declined-} ]] && ! complete -p docker &>/dev/null; }; then
    complete -F _pydock_docker docker
fi
