# shellcheck shell=bash
# Helpers shared by the network steps. Sourced after env.sh, never executed.

say() { printf '%s\n' "$*"; }
warn() { printf 'wipetrace: %s\n' "$*" >&2; }
die() { warn "$*"; exit 1; }

# shellcheck source=network/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

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

# service_java_options SERVICE: sets SERVICE_JAVA_OPTIONS to the JVM options of a Spring Boot service of the topology
# (service.sh; the API benchmark's gateway under test gets the gateway's) and exports MALLOC_ARENA_MAX for it.
# The JVM's memory (docs/performance.md, "Memory after an hour"; docs/operations.md, "Memory"):
# - The heap starts small and grows with use, up to its maximum (the topology's heap): by default the JVM commits its
#   whole maximum at start here (a 64th of the machine's memory is more), and its collector then touches all of it,
#   whether the service needs it or not.
# - The C library's malloc gives each thread that allocates an arena of its own, up to 8 a core, and keeps what is
#   freed in it: the gateway's 150 threads (Tomcat's workers under load) held 115 MB in 19 arenas after ten minutes of
#   the soak. MALLOC_ARENA_MAX=2 shares two among all threads (the JVM's own allocations are few and not hot).
# - -XX:TrimNativeHeapInterval returns the C heap's free memory to the system every minute (malloc_trim), rather
#   than only from the top of each arena.
# WIPETRACE_SERVICE_JAVA_OPTS adds options to every service's JVM, e.g. -XX:NativeMemoryTracking=summary to read
# `jcmd <pid> VM.native_memory summary`.
service_java_options() {
  local heap extra_options
  heap=$(topology -r --arg n "$1" '.nodes[$n].heap')
  SERVICE_JAVA_OPTIONS=(-Xms32m "-Xmx$heap" -XX:TrimNativeHeapInterval=60000)
  read -r -a extra_options <<<"${WIPETRACE_SERVICE_JAVA_OPTS:-}"
  SERVICE_JAVA_OPTIONS+=("${extra_options[@]}")
  export MALLOC_ARENA_MAX=2
}

# service_health_url SERVICE: the health URL of a Spring Boot service of the topology (gateway, portal).
service_health_url() { echo "http://$(node_endpoint "$1")$(topology -r --arg n "$1" '.nodes[$n].health')"; }

# yaml_value FILE PATH: the value at the jq PATH (e.g. .spring.datasource.url) in the YAML FILE, read with yq; nothing
# when the file or the value is missing.
yaml_value() { [[ -f $1 ]] && yq -r "$2 // empty" "$1" 2>/dev/null || true; }

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
    "https://$(node_endpoint "$node" operations)$path"
}

# Every process the network runs, in start order: the topology's nodes.
all_process_names() { printf '%s\n' "${NODES[@]}"; }

# Environment for the peer CLI acting as ORG's admin against ORG's peer.
peer_cli_env() {
  local org=$1
  export FABRIC_CFG_PATH=$NODES_DIR/peer0.$org
  export CORE_PEER_LOCALMSPID=${ORG_MSP[$org]}
  export CORE_PEER_MSPCONFIGPATH
  CORE_PEER_MSPCONFIGPATH=$(org_admin_msp "$org")
  export CORE_PEER_ADDRESS
  CORE_PEER_ADDRESS=$(node_endpoint "peer0.$org")
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE
  CORE_PEER_TLS_ROOTCERT_FILE=$(peer_tls_ca "$org")
}

peer_cli() { FABRIC_LOGGING_SPEC=${WIPETRACE_CLI_LOGGING:-warning} "$FABRIC_BIN/peer" "$@"; }

orderer_cli_args() {
  echo -o "$(node_endpoint orderer1)" --tls --cafile "$(orderer_tls_ca orderer1)"
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

# run_on_operator_host "$0" "$@": where the operator's host is a namespace of its own (`hosts`), a step that talks to the nodes runs again on the operator's host, where
# every host's address is reachable; elsewhere it goes on where it is. Processes it starts still go to their own hosts.
run_on_operator_host() {
  local script=$1 netns; shift
  netns=$(host_netns operator)
  [[ -n $netns && $(ip netns identify $$ 2>/dev/null) != "$netns" ]] || return 0
  [[ -e /run/netns/$netns ]] || die "the hosts' namespaces do not exist; network/steps/hosts.sh up makes them"
  exec ip netns exec "$netns" "$script" "$@"
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
