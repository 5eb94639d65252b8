"""docker 28.2.2's flags for the commands pydock hands to nerdctl (shim/spec/others.py), for completion: one
entry per docker command, under one of its paths (`flags_of` finds it from any alias), as space-separated
spellings, `-s/--signal=` for a short and long name, a trailing `=` for a flag that takes a value. pydock does
not parse these flags (nerdctl does); data only."""

from __future__ import annotations

FLAGS: dict[str, str] = {
    'login': '-p/--password= --password-stdin -u/--username=',
    'search': '-f/--filter= --format= --limit= --no-trunc',
    'attach': '--detach-keys= --no-stdin --sig-proxy',
    'commit': '-a/--author= -c/--change= -m/--message= -p/--pause',
    'cp': '-a/--archive -L/--follow-link -q/--quiet',
    'create': (
        '--add-host= --annotation= -a/--attach= --blkio-weight= --blkio-weight-device= --cap-add= '
        '--cap-drop= --cgroup-parent= --cgroupns= --cidfile= --cpu-count= --cpu-percent= --cpu-period= '
        '--cpu-quota= --cpu-rt-period= --cpu-rt-runtime= -c/--cpu-shares= --cpus= --cpuset-cpus= '
        '--cpuset-mems= --device= --device-cgroup-rule= --device-read-bps= --device-read-iops= '
        '--device-write-bps= --device-write-iops= --disable-content-trust --dns= --dns-option= --dns-search= '
        '--domainname= --entrypoint= -e/--env= --env-file= --expose= --gpus --group-add= --health-cmd= '
        '--health-interval= --health-retries= --health-start-interval= --health-start-period= '
        '--health-timeout= --help -h/--hostname= --init -i/--interactive --io-maxbandwidth= --io-maxiops= '
        '--ip= --ip6= --ipc= --isolation= --kernel-memory= -l/--label= --label-file= --link= '
        '--link-local-ip= --log-driver= --log-opt= --mac-address= -m/--memory= --memory-reservation= '
        '--memory-swap= --memory-swappiness= --mount= --name= --network= --network-alias= --no-healthcheck '
        '--oom-kill-disable --oom-score-adj= --pid= --pids-limit= --platform= --privileged -p/--publish= '
        '-P/--publish-all --pull= -q/--quiet --read-only --restart= --rm --runtime= --security-opt= '
        '--shm-size= --stop-signal= --stop-timeout= --storage-opt= --sysctl= --tmpfs= -t/--tty --ulimit= '
        '--use-api-socket -u/--user= --userns= --uts= -v/--volume= --volume-driver= --volumes-from= '
        '-w/--workdir='),
    'events': '-f/--filter= --format= --since= --until=',
    'export': '-o/--output=',
    'import': '-c/--change= -m/--message= --platform=',
    'kill': '-s/--signal=',
    'restart': '-s/--signal= -t/--timeout=',
    'start': '-a/--attach --checkpoint= --checkpoint-dir= --detach-keys= -i/--interactive',
    'stats': '-a/--all --format= --no-stream --no-trunc',
    'update': (
        '--blkio-weight= --cpu-period= --cpu-quota= --cpu-rt-period= --cpu-rt-runtime= -c/--cpu-shares= '
        '--cpus= --cpuset-cpus= --cpuset-mems= -m/--memory= --memory-reservation= --memory-swap= '
        '--pids-limit= --restart='),
    'builder prune': '-a/--all --filter= -f/--force --keep-storage=',
    'checkpoint create': '--checkpoint-dir= --leave-running',
    'checkpoint ls': '--checkpoint-dir=',
    'checkpoint rm': '--checkpoint-dir=',
    'container prune': '--filter= -f/--force',
    'context create': '--description= --docker= --from=',
    'context inspect': '-f/--format=',
    'context ls': '--format= -q/--quiet',
    'context rm': '-f/--force',
    'context update': '--description= --docker=',
    'image prune': '-a/--all --filter= -f/--force',
    'manifest annotate': '--arch= --os= --os-features= --os-version= --variant=',
    'manifest create': '-a/--amend --insecure',
    'manifest inspect': '--insecure -v/--verbose',
    'manifest push': '--insecure -p/--purge',
    'network connect': '--alias= --driver-opt= --gw-priority= --ip= --ip6= --link= --link-local-ip=',
    'network create': (
        '--attachable --aux-address= --config-from= --config-only -d/--driver= --gateway= --ingress '
        '--internal --ip-range= --ipam-driver= --ipam-opt= --ipv4 --ipv6 --label= -o/--opt= --scope= '
        '--subnet='),
    'network disconnect': '-f/--force',
    'network inspect': '-f/--format= -v/--verbose',
    'network ls': '-f/--filter= --format= --no-trunc -q/--quiet',
    'network prune': '--filter= -f/--force',
    'network rm': '-f/--force',
    'plugin create': '--compress',
    'plugin disable': '-f/--force',
    'plugin enable': '--timeout=',
    'plugin inspect': '-f/--format=',
    'plugin install': '--alias= --disable --disable-content-trust --grant-all-permissions',
    'plugin ls': '-f/--filter= --format= --no-trunc -q/--quiet',
    'plugin push': '--disable-content-trust',
    'plugin rm': '-f/--force',
    'plugin upgrade': '--disable-content-trust --grant-all-permissions --skip-remote-check',
    'system df': '--format= -v/--verbose',
    'system prune': '-a/--all --filter= -f/--force --volumes',
    'trust inspect': '--pretty',
    'trust revoke': '-y/--yes',
    'trust sign': '--local',
    'volume create': (
        '--availability= -d/--driver= --group= --label= --limit-bytes= -o/--opt= --required-bytes= --scope= '
        '--secret= --sharing= --topology-preferred= --topology-required= --type='),
    'volume inspect': '-f/--format=',
    'volume ls': '--cluster -f/--filter= --format= -q/--quiet',
    'volume prune': '-a/--all --filter= -f/--force',
    'volume rm': '-f/--force',
    'volume update': '--availability=',
    'config create': '-l/--label= --template-driver=',
    'config inspect': '-f/--format= --pretty',
    'config ls': '-f/--filter= --format= -q/--quiet',
    'node inspect': '-f/--format= --pretty',
    'node ls': '-f/--filter= --format= -q/--quiet',
    'node ps': '-f/--filter= --format= --no-resolve --no-trunc -q/--quiet',
    'node rm': '-f/--force',
    'node update': '--availability= --label-add= --label-rm= --role=',
    'secret create': '-d/--driver= -l/--label= --template-driver=',
    'secret inspect': '-f/--format= --pretty',
    'secret ls': '-f/--filter= --format= -q/--quiet',
    'service create': (
        '--cap-add= --cap-drop= --config= --constraint= --container-label= --credential-spec -d/--detach '
        '--dns= --dns-option= --dns-search= --endpoint-mode= --entrypoint= -e/--env= --env-file= '
        '--generic-resource= --group= --health-cmd= --health-interval= --health-retries= '
        '--health-start-interval= --health-start-period= --health-timeout= --host= --hostname= --init '
        '--isolation= -l/--label= --limit-cpu= --limit-memory= --limit-pids= --log-driver= --log-opt= '
        '--max-concurrent= --mode= --mount= --name= --network= --no-healthcheck --no-resolve-image '
        '--oom-score-adj= --placement-pref= -p/--publish= -q/--quiet --read-only --replicas= '
        '--replicas-max-per-node= --reserve-cpu= --reserve-memory= --restart-condition= --restart-delay= '
        '--restart-max-attempts= --restart-window= --rollback-delay= --rollback-failure-action= '
        '--rollback-max-failure-ratio= --rollback-monitor= --rollback-order= --rollback-parallelism= '
        '--secret= --stop-grace-period= --stop-signal= --sysctl= -t/--tty --ulimit= --update-delay= '
        '--update-failure-action= --update-max-failure-ratio= --update-monitor= --update-order= '
        '--update-parallelism= -u/--user= --with-registry-auth -w/--workdir='),
    'service inspect': '-f/--format= --pretty',
    'service logs': (
        '--details -f/--follow --no-resolve --no-task-ids --no-trunc --raw --since= -n/--tail= '
        '-t/--timestamps'),
    'service ls': '-f/--filter= --format= -q/--quiet',
    'service ps': '-f/--filter= --format= --no-resolve --no-trunc -q/--quiet',
    'service rollback': '-d/--detach -q/--quiet',
    'service scale': '-d/--detach',
    'service update': (
        '--args= --cap-add= --cap-drop= --config-add= --config-rm= --constraint-add= --constraint-rm= '
        '--container-label-add= --container-label-rm= --credential-spec -d/--detach --dns-add= '
        '--dns-option-add= --dns-option-rm= --dns-rm= --dns-search-add= --dns-search-rm= --endpoint-mode= '
        '--entrypoint= --env-add= --env-rm= --force --generic-resource-add= --generic-resource-rm= '
        '--group-add= --group-rm= --health-cmd= --health-interval= --health-retries= '
        '--health-start-interval= --health-start-period= --health-timeout= --host-add= --host-rm= '
        '--hostname= --image= --init --isolation= --label-add= --label-rm= --limit-cpu= --limit-memory= '
        '--limit-pids= --log-driver= --log-opt= --max-concurrent= --mount-add= --mount-rm= --network-add= '
        '--network-rm= --no-healthcheck --no-resolve-image --oom-score-adj= --placement-pref-add= '
        '--placement-pref-rm= --publish-add= --publish-rm= -q/--quiet --read-only --replicas= '
        '--replicas-max-per-node= --reserve-cpu= --reserve-memory= --restart-condition= --restart-delay= '
        '--restart-max-attempts= --restart-window= --rollback --rollback-delay= --rollback-failure-action= '
        '--rollback-max-failure-ratio= --rollback-monitor= --rollback-order= --rollback-parallelism= '
        '--secret-add= --secret-rm= --stop-grace-period= --stop-signal= --sysctl-add= --sysctl-rm= -t/--tty '
        '--ulimit-add= --ulimit-rm= --update-delay= --update-failure-action= --update-max-failure-ratio= '
        '--update-monitor= --update-order= --update-parallelism= -u/--user= --with-registry-auth '
        '-w/--workdir='),
    'stack config': '-c/--compose-file= --skip-interpolation',
    'stack deploy': '-c/--compose-file= -d/--detach --prune -q/--quiet --resolve-image= --with-registry-auth',
    'stack ls': '--format=',
    'stack ps': '-f/--filter= --format= --no-resolve --no-trunc -q/--quiet',
    'stack rm': '-d/--detach',
    'stack services': '-f/--filter= --format= -q/--quiet',
    'swarm ca': '--ca-cert --ca-key --cert-expiry= -d/--detach --external-ca -q/--quiet --rotate',
    'swarm init': (
        '--advertise-addr= --autolock --availability= --cert-expiry= --data-path-addr= --data-path-port= '
        '--default-addr-pool= --default-addr-pool-mask-length= --dispatcher-heartbeat= --external-ca '
        '--force-new-cluster --listen-addr --max-snapshots= --snapshot-interval= --task-history-limit='),
    'swarm join': '--advertise-addr= --availability= --data-path-addr= --listen-addr --token=',
    'swarm join-token': '-q/--quiet --rotate',
    'swarm leave': '-f/--force',
    'swarm unlock-key': '-q/--quiet --rotate',
    'swarm update': (
        '--autolock --cert-expiry= --dispatcher-heartbeat= --external-ca --max-snapshots= '
        '--snapshot-interval= --task-history-limit='),
}


def flags_of(path: str) -> str:
    """The flags of a command path of shim/spec/others.py, whichever of its paths holds them."""
    if path in FLAGS:
        return FLAGS[path]
    from shim.spec.others import COMMANDS

    entry = COMMANDS.get(path)
    return next((FLAGS[a] for a in entry.aliases if a in FLAGS), "") if entry else ""

