# shellcheck shell=bash
# The process supervisor of the network steps: starts each process of the topology (network/topology.json) on its
# host, in its own session, with its pid in <state>/pids/NAME.pid; finds it again by that pid (and the WIPETRACE_NODE
# mark in its environment, against recycled pids); waits for its port or health URL; stops it by its pid only.
# Spring Boot services start from an unpacked jar with a JVM cache. Sourced by lib.sh, never executed.

# port_in_use PORT [NODE]: whether something listens on PORT on the host that runs the process NODE (this one when
# not named).
port_in_use() { on_host "$(node_host "${2:-}")" ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# listening_sockets HOST [PID]: the local addresses (address:port) listening on HOST, only PID's when named. A Java
# server's socket is an IPv6 one bound to the IPv4-mapped address ([::ffff:a.b.c.d]), which is that IPv4 address.
listening_sockets() {
  on_host "$1" ss -Hltnp | awk -v pid="${2:+pid=$2,}" 'pid == "" || index($0, pid) { print $4 }' \
    | sed 's/^\[::ffff:\([0-9.]*\)\]:/\1:/' | sort -u
}

# wait_for_port PORT SECONDS PID [NODE]: waits until something listens on PORT (on NODE's host), failing early if
# PID dies.
wait_for_port() {
  local port=$1 timeout=$2 pid=${3:-} node=${4:-} i
  for ((i = 0; i < timeout * 5; i++)); do
    port_in_use "$port" "$node" && return 0
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before listening on port $port"
      return 1
    fi
    sleep 0.2
  done
  echo "nothing listened on port $port within ${timeout}s"
  return 1
}

pid_file() { echo "$PID_DIR/$1.pid"; }

# The pid recorded for NAME, if that process is still alive and still the one we started.
running_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: our processes carry WIPETRACE_NODE=<name> in their environment. grep reads the
  # NUL-separated file itself: a pipe into `grep -q` can end its writer with SIGPIPE, which pipefail reports as a
  # failure, so a running process would look stopped (and `down` would leave it running).
  grep -qzxF -- "WIPETRACE_NODE=$1" "/proc/$pid/environ" 2>/dev/null || return 1
  echo "$pid"
}

# start_process NAME LOG COMMAND...: starts COMMAND in the background in its own session, on NAME's host (see
# node_host in env.sh), records its pid, and returns at once. `ip netns exec` replaces itself with COMMAND, so the
# pid recorded is COMMAND's.
start_process() {
  local name=$1 log=$2 netns; shift 2
  mkdir -p "$PID_DIR" "$(dirname "$log")"
  netns=$(host_netns "$(node_host "$name")")
  date +%s%N >"$PID_DIR/$name.started"
  WIPETRACE_NODE=$name setsid ${netns:+ip netns exec "$netns"} "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

# stop_process NAME [SIGNAL]: SIGNAL (TERM unless named), then KILL after a grace period, by the recorded pid only.
stop_process() {
  local name=$1 signal=${2:-TERM} pid i
  if pid=$(running_pid "$name"); then
    kill -"$signal" "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    say "  stopped $name (pid $pid)"
  fi
  rm -f "$(pid_file "$name")"
}

# since_started NAME: seconds (one decimal) since start_process started NAME.
since_started() {
  local started
  started=$(cat "$PID_DIR/$1.started" 2>/dev/null) || { echo "?"; return; }
  awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'
}

# start_java_service NAME LOG DIR JAR HEALTH_URL [JVM OPTION...]: starts the Spring Boot JAR as the service NAME
# (start_process), from an unpacked copy with an ahead-of-time cache, so that it starts in seconds.
#
# The JAR is unpacked once into DIR/app/<its digest>/ (Spring Boot's `jarmode=tools extract`: the application jar and
# its libraries side by side): the JVM caches only classes it loads from plain jars, never from jars nested in a jar.
# On JDK 25 or newer the cache is an AOT cache (JEP 483, 514, 515: classes loaded and linked, method profiles); on
# JDK 21 to 24 a class-data sharing archive. It is made once per JAR and JDK, by a training run that starts the
# service as it will run, on its port, until HEALTH_URL answers, asks it a few times more, and stops it (SIGTERM: the
# JVM writes the cache as it exits), so that the cache holds what serving needs too, not only the start. It is kept
# in DIR/jvm-cache/ named by both digests; a new JAR or another JDK makes a new one. If the training run fails, the
# service starts without a cache. WIPETRACE_JVM_CACHE=false starts without one.
start_java_service() {
  local name=$1 log=$2 dir=$3 jar=$4 url=$5; shift 5
  local digest app cache_options=()
  digest=$(sha256sum "$jar" | cut -c1-16)
  app=$dir/app/$digest/$(basename "$jar")
  if [[ ! -f $app ]]; then
    rm -rf "$dir/app"
    mkdir -p "$dir/app"
    "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app/$digest.tmp" >/dev/null
    mv "$dir/app/$digest.tmp" "$dir/app/$digest"
  fi
  if [[ ${WIPETRACE_JVM_CACHE:-true} == true ]]; then
    jvm_cache_options "$name" "$log" "$dir" "$digest" "$app" "$url" "$@"
    cache_options=("${JVM_CACHE_OPTIONS[@]}")
  fi
  start_process "$name" "$log" "$JAVA_HOME/bin/java" "$@" "${cache_options[@]}" -jar "$app"
}

# jvm_cache_options NAME LOG DIR JAR_DIGEST APP HEALTH_URL [JVM OPTION...]: sets JVM_CACHE_OPTIONS to the options
# that use APP's cache for this JDK, making the cache first by a training run if there is none (start_java_service).
jvm_cache_options() {
  local name=$1 log=$2 dir=$3 digest=$4 app=$5 url=$6; shift 6
  local major jdk cache train=() use=() netns started pid i served=false
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release" 2>/dev/null)
  jdk=$(cat "$JAVA_HOME/release" 2>/dev/null | sha256sum | cut -c1-8)
  JVM_CACHE_OPTIONS=()
  if ((${major:-0} >= 25)); then
    cache=$dir/jvm-cache/$name-$digest-jdk$major-$jdk.aot
    train=(-XX:AOTCacheOutput="$cache.tmp")
    use=(-XX:AOTCache="$cache")
  elif ((${major:-0} >= 21)); then
    cache=$dir/jvm-cache/$name-$digest-jdk$major-$jdk.jsa
    train=(-XX:ArchiveClassesAtExit="$cache.tmp")
    use=(-XX:SharedArchiveFile="$cache")
  else
    return 0
  fi
  if [[ ! -s $cache ]]; then
    rm -rf "$dir/jvm-cache"
    mkdir -p "$dir/jvm-cache"
    # The training run's output (the JVM's notes on classes it cannot cache among it) goes beside the service's log.
    log=${log%.log}.jvm-cache.log
    printf '%s\n' "=== $(date -u +%FT%TZ): training run for $name's JVM cache ($cache)" >>"$log"
    netns=$(host_netns "$(node_host "$name")")
    started=$SECONDS
    WIPETRACE_NODE=$name-training setsid ${netns:+ip netns exec "$netns"} "$JAVA_HOME/bin/java" "$@" "${train[@]}" -jar "$app" \
      >>"$log" 2>&1 </dev/null &
    pid=$!
    # Up to five minutes to answer, then a few requests more; then stopped, with up to two minutes to write the cache.
    for ((i = 0; i < 1500; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      if curl -fsS -o /dev/null "$url" 2>/dev/null; then served=true; break; fi
      sleep 0.2
    done
    if $served; then
      for ((i = 0; i < 10; i++)); do curl -fsS -o /dev/null "$url" 2>/dev/null || true; sleep 0.2; done
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 600; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if $served && [[ -s $cache.tmp ]]; then
      mv "$cache.tmp" "$cache"
      echo "made $name's JVM cache in $((SECONDS - started)) s: $(basename "$cache")"
    else
      rm -f "$cache.tmp"
      warn "the training run for $name's JVM cache failed (see $log); starting it without one"
      return 0
    fi
  fi
  JVM_CACHE_OPTIONS=("${use[@]}")
}

# cpu_seconds PID: the CPU time (user and system, one decimal) the process PID has used so far: on a shared machine a
# truer measure of a start's work than the time it took.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo "?"
}

# wait_healthy NAME PORT URL: waits until the service NAME (started by start_process) listens on PORT and URL answers.
wait_healthy() {
  local name=$1 port=$2 url=$3 pid i
  pid=$(<"$(pid_file "$name")")
  wait_for_port "$port" 120 "$pid" "$name"
  for ((i = 0; i < 150; i++)); do
    if curl -fsS "$url" >/dev/null 2>&1; then
      echo "$name started (pid $pid) on port $port, ready $(since_started "$name") s after its start" \
        "($(cpu_seconds "$pid") s of CPU)"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; its log is $LOG_DIR/$name.log"; return 1; }
    sleep 0.2
  done
  echo "$name did not report healthy within 30s: $(curl -sS "$url")"
  return 1
}
