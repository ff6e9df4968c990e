# shellcheck shell=bash
# Helpers shared by the network steps. Sourced after env.sh, never executed.

say() { printf '%s\n' "$*"; }
warn() { printf 'wipetrace: %s\n' "$*" >&2; }
die() { warn "$*"; exit 1; }

# run_step NAME LOGFILE COMMAND...: runs one step with its output in LOGFILE; on failure names the
# step, shows the log's tail and where the whole log is, and exits.
run_step() {
  local name=$1 log=$2; shift 2
  mkdir -p "$(dirname "$log")"
  printf '\n=== %s: %s\n' "$(date -u +%FT%TZ)" "$name" >>"$log"
  local started=$SECONDS
  printf '  %-44s' "$name"
  if "$@" >>"$log" 2>&1; then
    printf 'ok (%ds)\n' $((SECONDS - started))
  else
    local rc=$?
    printf 'FAILED\n'
    warn "step '$name' failed (exit $rc); last lines of $log:"
    tail -n 25 "$log" | sed 's/^/    /' >&2
    warn "full log: $log"
    exit "$rc"
  fi
}

# port_in_use PORT [NODE]: whether something listens on PORT on the host that runs the process NODE (this one when
# not named).
port_in_use() { on_host "$(node_host "${2:-}")" ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# node_ports NAME: every port the process NAME listens on.
node_ports() {
  case $1 in
    orderer*) echo "$(orderer_port "$1") $(orderer_admin_port "$1") $(orderer_ops_port "$1")" ;;
    peer0.*) local org=${1#peer0.}; echo "$(peer_port "$org") $(peer_cc_port "$org") $(peer_ops_port "$org")" ;;
    chaincode) echo "$CHAINCODE_PORT" ;;
    postgres) echo "$POSTGRES_PORT" ;;
    evm) echo "$EVM_PORT" ;;
    gateway) echo "$GATEWAY_PORT" ;;
    portal) echo "$PORTAL_PORT" ;;
  esac
}

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

# xq: the XML reader of the yq package (jq over XML), named xq-python on Debian.
xq() { if command -v xq-python >/dev/null; then xq-python "$@"; else command xq "$@"; fi; }

# module_closure MODULE: MODULE's folder and the folders of every module of this repository (the root pom's
# groupId) it depends on in its pom.xml (any scope, since `mvn -pl MODULE -am` builds them all), directly or through
# another, one a line. The poms are read as XML (xq), all in one run.
module_closure() {
  local poms
  poms=("$REPO_DIR"/*/pom.xml)
  poms=("${poms[@]#"$REPO_DIR/"}")
  (cd "$REPO_DIR" && xq -s -r --arg start "$1" \
    --argjson folders "$(printf '%s\n' "${poms[@]%/pom.xml}" | jq -R . | jq -sc .)" '
    def many: if . == null then [] elif type == "array" then . else [.] end;
    .[0].project.groupId as $group
    # artifactId -> {folder, the artifactIds of the modules of this repository it depends on}
    | ([$folders, .[1:]] | transpose | map({key: .[1].project.artifactId, value: {folder: .[0],
        needs: [.[1].project.dependencies.dependency | many[] | select(.groupId == $group) | .artifactId]}})
        | from_entries) as $by_id
    | def closure: (. + map($by_id[.].needs[]) | unique) as $more
        | if ($more | length) == length then . else $more | closure end;
    [$by_id | to_entries[] | select(.value.folder == $start) | .key] | closure | map($by_id[.].folder) | sort[]' \
    pom.xml "${poms[@]}")
}

# service_source_digest MODULE: the build digest of MODULE's jar: a digest of everything it is built from (the sources
# and pom of MODULE and of every module of this repository it depends on, transitively, and the parent pom). The
# chaincode, gateway and portal steps all build through build_module_jar, which rebuilds a jar when it changes.
service_source_digest() {
  local module paths=()
  while IFS= read -r module; do paths+=("$module/src/main" "$module/pom.xml"); done < <(module_closure "$1")
  ((${#paths[@]})) || die "no module '$1' in $REPO_DIR/pom.xml"
  (cd "$REPO_DIR" && find "${paths[@]}" pom.xml -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
}

# build_module_jar MODULE JAR: builds MODULE (mvn -pl MODULE -am package) when JAR is missing or its build digest
# changed since it was built; prints the digest. The digest is kept beside the jar (<jar>.digest), since it describes
# that jar: two clones sharing one state directory must not take each other's digest for their own jar.
build_module_jar() {
  local module=$1 jar=$2 digest
  digest=$(service_source_digest "$module")
  if [[ ! -f $jar || $(cat "$jar.digest" 2>/dev/null) != "$digest" ]]; then
    echo "building the $module jar ($digest)" >&2
    (cd "$REPO_DIR" && mvn -B -q -Dstyle.color=never -pl "$module" -am package -DskipTests >&2)
    echo "$digest" >"$jar.digest"
  fi
  echo "$digest"
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
  local name=$1 log=$2 host=(); shift 2
  mkdir -p "$PID_DIR" "$(dirname "$log")"
  $WIPETRACE_HOSTS && host=(ip netns exec "$(host_netns "$(node_host "$name")")")
  date +%s%N >"$PID_DIR/$name.started"
  WIPETRACE_NODE=$name setsid "${host[@]}" "$@" >>"$log" 2>&1 </dev/null &
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

# node_ops_port NODE: the operations port of an orderer or a peer (peer0.ORG).
node_ops_port() {
  case $1 in
    orderer*) orderer_ops_port "$1" ;;
    peer0.*) peer_ops_port "${1#peer0.}" ;;
  esac
}

# ops_get NODE PATH [CURL OPTION...]: GETs PATH (/healthz, /metrics, /logspec) from a node's operations endpoint:
# HTTPS, the node checked against its TLS CA, the operations client certificate presented.
ops_get() {
  local node=$1 path=$2 ca
  shift 2
  case $node in
    orderer*) ca=$(orderer_tls_ca "$node") ;;
    peer0.*) ca=$(peer_tls_ca "${node#peer0.}") ;;
  esac
  curl -fsS "$@" --cacert "$ca" --cert "$CRYPTO_DIR/operations/client.crt" --key "$CRYPTO_DIR/operations/client.key" \
    "https://$(node_addr "$node"):$(node_ops_port "$node")$path"
}

# Every process the network runs, in start order.
all_process_names() {
  printf '%s\n' "${ORDERERS[@]}"
  local org
  for org in "${ORGS[@]}"; do echo "peer0.$org"; done
  echo chaincode
  echo postgres
  echo evm
  echo gateway
  echo portal
}

# Environment for the peer CLI acting as ORG's admin against ORG's peer.
peer_cli_env() {
  local org=$1
  export FABRIC_CFG_PATH=$NODES_DIR/peer0.$org
  export CORE_PEER_LOCALMSPID=${ORG_MSP[$org]}
  export CORE_PEER_MSPCONFIGPATH
  CORE_PEER_MSPCONFIGPATH=$(org_admin_msp "$org")
  export CORE_PEER_ADDRESS
  CORE_PEER_ADDRESS=$(node_addr "peer0.$org"):$(peer_port "$org")
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE
  CORE_PEER_TLS_ROOTCERT_FILE=$(peer_tls_ca "$org")
}

peer_cli() { FABRIC_LOGGING_SPEC=${WIPETRACE_CLI_LOGGING:-warning} "$FABRIC_BIN/peer" "$@"; }

orderer_cli_args() {
  echo -o "$(node_addr orderer1):$(orderer_port orderer1)" --tls --cafile "$(orderer_tls_ca orderer1)"
}

# pg_accepts_connections HOST PORT USER DATABASE: succeeds when a PostgreSQL server at HOST:PORT answers a protocol 3.0
# startup message with an authentication request, as pg_isready does; fails when nothing listens, when the server
# is starting up or shutting down (it answers with an error instead), or when it does not answer within 3 seconds.
# The bundled binaries have no client; this speaks the first message of the wire protocol over bash's /dev/tcp.
pg_accepts_connections() {
  local host=$1 port=$2 user=$3 database=$4 fd reply=() length header="" shift
  length=$((4 + 4 + 5 + ${#user} + 1 + 9 + ${#database} + 1 + 1))
  for shift in 24 16 8 0; do header+=$(printf '\\x%02x' $((length >> shift & 255))); done
  { exec {fd}<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
  # The length, protocol version 3.0, then user and database as NUL-terminated pairs, and a final NUL.
  printf "${header}\\x00\\x03\\x00\\x00user\\x00%s\\x00database\\x00%s\\x00\\x00" "$user" "$database" >&"$fd"
  # The answer's type byte and length; an authentication request is 'R'. Reading the whole message before closing
  # lets the server see a clean end of stream, which it does not log.
  read -r -a reply <<<"$(timeout 3 head -c 5 <&"$fd" 2>/dev/null | od -An -tx1)"
  if ((${#reply[@]} == 5)) && [[ ${reply[0]} == 52 ]]; then
    length=$((16#${reply[1]}${reply[2]}${reply[3]}${reply[4]}))
    ((length > 4 && length < 1024)) && timeout 3 head -c $((length - 4)) <&"$fd" >/dev/null 2>&1
  fi
  exec {fd}>&-
  ((${#reply[@]} == 5)) && [[ ${reply[0]} == 52 ]]
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
  local major jdk cache train=() use=() host=() started pid i served=false
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
    $WIPETRACE_HOSTS && host=(ip netns exec "$(host_netns "$(node_host "$name")")")
    started=$SECONDS
    WIPETRACE_NODE=$name-training setsid "${host[@]}" "$JAVA_HOME/bin/java" "$@" "${train[@]}" -jar "$app" \
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

# run_on_operator_host "$0" "$@": on `hosts`, a step that talks to the nodes runs again on the operator's host, where
# every host's address is reachable; elsewhere it goes on where it is. Processes it starts still go to their own hosts.
run_on_operator_host() {
  local script=$1; shift
  $WIPETRACE_HOSTS || return 0
  [[ $(ip netns identify $$ 2>/dev/null) == "$(host_netns operator)" ]] && return 0
  [[ -e /run/netns/$(host_netns operator) ]] ||
    die "the hosts' namespaces do not exist; network/steps/hosts.sh up makes them"
  exec ip netns exec "$(host_netns operator)" "$script" "$@"
}

# chmod_private_keys DIR: every private key file under DIR (cryptogen's *_sk, *.key) readable by its owner only.
chmod_private_keys() {
  find "$1" -type f \( -name '*_sk' -o -name '*.key' \) -exec chmod 600 {} +
}

# readable_key_files DIR: the files under DIR that hold a private key (PEM "PRIVATE KEY", or named *_sk or *.key,
# also inside a chaincode package) and that group or others may read, one a line.
readable_key_files() {
  find "$1" -type f -perm /044 \( -name '*_sk' -o -name '*.key' -o -name '*.json' -o -name '*.pem' -o -name '*.yml' \
    -o -name '*.yaml' -o -name '*.tar.gz' \) -print0 2>/dev/null |
    while IFS= read -r -d '' file; do
      case $file in
        *_sk | *.key) echo "$file" ;;
        # A chaincode package: metadata.json and code.tar.gz, which holds connection.json. grep -c reads to the end,
        # so no tar in the pipe dies of SIGPIPE (which pipefail would count as no match).
        *.tar.gz)
          if (($( { tar -xzOf "$file" code.tar.gz 2>/dev/null | tar -xzO 2>/dev/null; tar -xzOf "$file" 2>/dev/null; } |
            grep -ac 'PRIVATE KEY' || true) > 0)); then echo "$file"; fi ;;
        *) if grep -qa 'PRIVATE KEY' "$file"; then echo "$file"; fi ;;
      esac
    done
}
