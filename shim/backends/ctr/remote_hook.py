"""pydock's CNI hook for a remote with no Python (issue #16): a POSIX sh script that runc runs as `/bin/sh -c HOOK`,
the container's OCI state on its stdin, doing there what shim/cni_hook.py does locally. remote_network.py renders
its arguments into the container's spec:

    $1 event  $2 CNI container ID  $3 network  $4 interface  $5 plugin folders  $6 hosts file  $7 hostname
    $8 name  $9 lock file  ${10} host ports ("PROTO/PORT/HOST-IP", space separated), then for each plugin in order
    its type and its configuration (compact JSON)

- createRuntime, under nerdctl's CNI lock (flock on `$9`; a folder made atomically where there is no flock): the
  host ports are claimed, or the start fails with docker's "port is already allocated" when a running container
  of this hook's claims one (a claim is `/run/pydock-cni/NET-ID-IF`: the process ID, then the ports) or a socket
  of the host holds it; the plugins ADD in order, each given the previous one's result as prevResult as libcni
  does; the result is cached where libcni keeps it; nerdctl's meta.json is written in the container's etchosts
  folder and every hosts file of the namespace rewritten from them (nerdctl's hostsstore, as cni_hook's
  _update_hosts: containers sharing a network find each other by name); then a watcher is left behind, its
  streams closed (runc waits for them), which waits for the container's process to end (`tail --pid`, else
  /proc polling) and releases the network then, as docker does when a container exits and as the local
  backend's logger does (shim/ctr_logger.py). It belongs to runc's shim, not to any ssh session.
- postStop (the task is deleted), exited (stop, through ssh) and the watcher: DEL in reverse order with the cached
  result, the bridge's masquerading chain removed (a DEL without the container's namespace leaves it), the claim
  and meta.json removed, the hosts files rewritten. Each runs under the lock and only while the cached result is
  there, so the network is released once; the watcher only when the claim is still its process's (a later start
  owns the network otherwise).

Errors are one line, `pydock: failed to set up the container's network: …`, which run.py restates as docker's.
"""

from __future__ import annotations

MARK = "# pydock's CNI hook"  # its first line: how stop and rm find it among a spec's hooks
WATCHED = "# releases the network when the process ends"  # its second line: a hook that leaves a watcher
CLAIMS = "/run/pydock-cni"  # the host ports claimed (a tmpfs: gone at reboot, with the iptables rules they name)

# nerdctl's CNI lock, fd 9 on `$lock` (its folder made, with libcni's cache and $claims): flock where there is one
# (util-linux, busybox), else a folder made atomically beside it, holding the holder's process ID, taken over when
# that process is gone
LOCK = r"""take() {
  mkdir -p /var/lib/cni/results "$claims" "${lock%/*}" && command exec 9>>"$lock" || return 1
  if command -v flock >/dev/null 2>&1; then flock 9; return; fi
  read -r me _ </proc/self/stat
  until mkdir "$lock.d" 2>/dev/null; do
    o=$(cat "$lock.d/pid" 2>/dev/null)
    if [ -n "$o" ] && [ ! -d "/proc/$o" ]; then rm -rf "$lock.d"; else sleep 1; fi
  done
  printf '%s\n' "$me" >"$lock.d/pid"; trap 'rm -rf "$lock.d"' EXIT
}
"""
# The host ports' check: $ports ("PROTO/PORT/HOST-IP" …) against the claims of other running containers in
# $claims (not $claim, the container's own) and the sockets of the host (TIME_WAIT and CLOSE_WAIT hold nothing, as
# network.ports_in reads them); `fail` with docker's words for the first one taken
PORTS = r"""claimed() {
  for c in "$claims"/*; do
    [ -f "$c" ] && [ "$c" != "$claim" ] || continue
    o= l=; { read -r o; read -r l; } <"$c" 2>/dev/null
    [ -n "$o" ] && [ -d "/proc/$o" ] || continue
    for z in $l; do case $z in "$1/$2/"*) return 0;; esac; done
  done
  return 1
}
bound() {
  x=$(printf '%04X' "$2")
  for t in "/proc/net/$1" "/proc/net/${1}6"; do
    [ -r "$t" ] || continue
    while read -r _ l _ st _; do
      case $l in *:"$x") ;; *) continue;; esac
      if [ "$1" = tcp ] && { [ "$st" = 06 ] || [ "$st" = 08 ]; }; then continue; fi
      return 0
    done <"$t"
  done
  return 1
}
free() {
  for q in $ports; do
    pr=${q%%/*} po=${q#*/}; ip=${po#*/} po=${po%%/*}
    if claimed "$pr" "$po" || bound "$pr" "$po"; then
      fail "driver failed programming external connectivity on endpoint $name (${id##*-}): Bind for $ip:$po \
failed: port is already allocated"
    fi
  done
}
"""
# nerdctl's hosts store in sh: `rehost FOLDER` rewrites the hosts file of each container of FOLDER (etchosts/NS)
# that has a meta.json, from all of them, as cni_hook._update_hosts does (its lines outside nerdctl's marks kept,
# in place: the file is bound into the container); `hold FOLDER` takes nerdctl's lock of it (fd 8)
HOSTS_STORE = r"""hold() {
  command exec 8<"$1" || return 0
  if command -v flock >/dev/null 2>&1; then flock 8; fi
}
val() {
  v=${1#*"\"$2\":\""}
  if [ "$v" = "$1" ]; then v=-; else v=${v%%'"'*}; v=${v:--}; fi
}
entries() {
  for mf in "$1"/*/meta.json; do
    [ -f "$mf" ] || continue
    j=$(tr -d ' \n\t\r' <"$mf")
    val "$j" Hostname; h=$v; val "$j" Name; nm=$v
    rest=${j#*'"Networks":{'}
    [ "$rest" != "$j" ] || continue
    while :; do
      case $rest in *'{"cniVersion":'*) ;; *) break;; esac
      k=${rest%%'{"cniVersion":'*}; k=${k%'":'}; k=${k##*'"'}
      rest=${rest#*'{"cniVersion":'}; b=${rest%%'{"cniVersion":'*}
      printf '%s %s - - -\n' "${mf%/*}" "$k"
      while :; do
        case $b in *'"address":"'*) ;; *) break;; esac
        b=${b#*'"address":"'}; a=${b%%'"'*}; a=${a%%/*}
        case $a in
          ''|127.*|0.*|::1|::|*[!0-9a-fA-F:.]*) ;;
          *) printf '%s %s %s %s %s\n' "${mf%/*}" "$k" "$a" "$h" "$nm";;
        esac
      done
    done
  done
}
hostsof() {
  kept= in=
  if [ -f "$1/hosts" ]; then
    while IFS= read -r l || [ -n "$l" ]; do
      case $l in '# <nerdctl>') in=1;; '# </nerdctl>') in=;; *) [ -n "$in" ] || kept="$kept$l
";; esac
    done <"$1/hosts"
  fi
  mine=$(printf '%s\n' "$all" | while read -r d k a _; do [ "$d" = "$1" ] && [ "$a" = - ] && printf ' %s' "$k"; done)
  j=$(tr -d ' \n\t\r' <"$1/meta.json")
  {
    printf '%s# <nerdctl>\n127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n' "$kept"
    x=${j#*'"ExtraHosts":{'}
    if [ "$x" != "$j" ]; then
      x=${x%%'}'*}; o=$IFS; IFS=,; set -f
      for p in $x; do p=${p#'"'}; p=${p%'"'}; printf '%-15s %s\n' "${p##*'"'}" "${p%%'"'*}"; done
      IFS=$o; set +f
    fi
    printf '%s\n' "$all" | while read -r d k a h nm; do
      case " $mine " in *" $k "*) ;; *) continue;; esac
      [ "$a" != - ] || continue
      w=
      for y in "$h" "$nm"; do
        [ "$y" != - ] || continue
        if [ "$k" = bridge ]; then w="$w $y"; else w="$w $y $y.$k"; fi
      done
      printf '%-15s %s\n' "$a" "${w# }"
    done
    printf '# </nerdctl>\n'
  } >"$1/hosts"
}
rehost() {
  all=$(entries "$1")
  for mf in "$1"/*/meta.json; do [ -f "$mf" ] && hostsof "${mf%/*}"; done
  return 0
}
"""

HOOK = MARK + "\n" + WATCHED + r"""
e=$1 id=$2 net=$3 ifn=$4 dirs=$5 hosts=$6 hn=$7 name=$8 lock=$9 ports=${10}
shift 10
s=$(cat)
cache=/var/lib/cni/results/$net-$id-$ifn claims=""" + CLAIMS + r"""
claim=$claims/$net-$id-$ifn
export CNI_CONTAINERID="$id" CNI_IFNAME="$ifn" CNI_PATH="$dirs" CNI_ARGS=IgnoreUnknown=1
fail() { printf '%s\n' "pydock: failed to set up the container's network: $1" >&2; exit 1; }
""" + LOCK + r"""plugin() {
  o=$IFS; IFS=:
  for d in $dirs; do if [ -x "$d/$1" ]; then IFS=$o; printf '%s' "$d/$1"; return 0; fi; done
  IFS=$o; return 1
}
call() {
  p=$(plugin "$2") || { m="failed to find plugin \"$2\" in path [$dirs]"; return 1; }
  c=$3
  if [ -n "$r" ]; then c=${c%?}; c="$c,\"prevResult\":$r}"; fi
  if o=$(printf '%s' "$c" | CNI_COMMAND=$1 CNI_NETNS=$4 "$p" 2>&1); then
    if [ "$1" = ADD ] && [ -n "$o" ]; then r=$o; fi
    return 0
  fi
  f=$(printf '%s' "$o" | tr '\n\t' '  ')
  case $f in *'"msg": "'*)
    x=${f#*'"msg": "'}; x=${x%%'"'*}
    case $f in *'"details": "'*) y=${f#*'"details": "'}; x="$x: ${y%%'"'*}";; esac
    f=$x;;
  esac
  m="plugin type='$2' failed ($(printf '%s' "$1" | tr A-Z a-z)): $f"
  return 1
}
add() {
  while [ $# -ge 2 ]; do call ADD "$1" "$2" "/proc/$pid/ns/net" || return 1; shift 2; done
}
del() {
  n=$#
  for a do set -- "$a" "$@"; done
  while [ "$n" -gt 0 ]; do
    call DEL "$2" "$1" "" || printf '%s\n' "pydock: CNI teardown of $net: $m" >&2
    shift 2; n=$((n - 2))
  done
}
cached() {
  r=
  if [ -f "$cache" ]; then r=$(cat "$cache"); r=${r#*'"result":'}; r=${r%?}; fi
}
unmasq() {
  h=$(printf '%s' "$net$id" | sha512sum); ch=CNI-$(printf '%.24s' "$h")
  iptables -w -t nat -L POSTROUTING -n --line-numbers 2>/dev/null | while read -r num tgt rest; do
    [ "$tgt" = "$ch" ] && printf '%s\n' "$num"; done | sort -rn | while read -r num; do
    iptables -w -t nat -D POSTROUTING "$num"; done
  iptables -w -t nat -F "$ch" 2>/dev/null; iptables -w -t nat -X "$ch" 2>/dev/null
  return 0
}
""" + PORTS + HOSTS_STORE + r"""
acquire() {
  d=${hosts%/*}; hold "${d%/*}"
  [ -n "$r" ] || r={}
  (umask 077
   printf '{"ID":"%s","Networks":{"%s":%s},"Hostname":"%s","ExtraHosts":{},"Name":"%s","Domainname":""}' \
     "${d##*/}" "$net" "$r" "$hn" "$name" >"$d/meta.json.tmp") && mv -f "$d/meta.json.tmp" "$d/meta.json" || return 1
  rehost "${d%/*}"
}
down() {
  [ -f "$cache" ] || return 0
  cached; del "$@"; rm -f "$cache" "$claim"; unmasq
  d=${hosts%/*}
  if [ -n "$hosts" ] && [ -f "$d/meta.json" ]; then hold "${d%/*}"; rm -f "$d/meta.json"; rehost "${d%/*}"; fi
  return 0
}
watch() {
  exec 9>&- 8>&- </dev/null >/dev/null 2>&1
  trap '' HUP
  tail --pid="$pid" -s 0.2 -f /dev/null 2>/dev/null || while [ -d "/proc/$pid" ]; do sleep 1; done
  take || exit 0
  o=; [ -f "$claim" ] && read -r o _ <"$claim"
  [ "$o" = "$pid" ] || exit 0
  down "$@"
}
case $e in
createRuntime)
  pid=${s#*'"pid":'}; pid=${pid%%[!0-9]*}
  [ -n "$pid" ] || fail "no process ID in the container's state"
  take || fail "cannot take the lock $lock"
  down "$@"
  free
  r=
  if ! add "$@"; then w=$m; r=; del "$@" 2>/dev/null; unmasq; fail "$w"; fi
  printf '{"kind":"cniCacheV1","containerId":"%s","ifName":"%s","networkName":"%s","config":"","result":%s}' \
    "$id" "$ifn" "$net" "$r" >"$cache.tmp" && mv -f "$cache.tmp" "$cache" || fail "cannot write $cache"
  printf '%s\n%s\n' "$pid" "$ports" >"$claim.tmp" && mv -f "$claim.tmp" "$claim" ||
    { down "$@"; fail "cannot write $claim"; }
  [ -z "$hosts" ] || acquire || { down "$@"; fail "cannot write the hosts files of ${hosts%/*/*}"; }
  (watch "$@") &
  ;;
postStop|exited)
  take || exit 0
  down "$@";;
*) printf '%s\n' "pydock: unexpected event $e" >&2; exit 1;;
esac
exit 0
"""
