#!/usr/bin/env bash
# The same `kmip bench server` load against PyKMIP's server, then against `kmip serve`: one
# test PKI, loopback, mutual TLS (TLS 1.2 for PyKMIP, which serves nothing newer), each server
# in its own process, in-memory store for ours and PyKMIP's SQLite file for PyKMIP. Each
# row adds the server's CPU time per operation.
#
#   Tools/bench/server_side_by_side.sh [--seconds 3] [--connections 1,16] [--pin 0]
#   Tools/bench/server_side_by_side.sh --server-cpus 0 --load-cpus 1
#
# --pin CPUS runs both servers and the load generator under `taskset -c CPUS`; --server-cpus and
# --load-cpus pin the servers and the load generator apart. PyKMIP's server runs under Linux's
# SCHED_BATCH policy (`chrt --batch 0`), which `kmip serve` and the load generator take by
# themselves, so that all three are scheduled alike. Needs a release
# build (swift build -c release --product kmip) and a Python with PyKMIP (KMIP_PYKMIP_PYTHON,
# default python3; pip install pykmip).
set -euo pipefail

seconds=3
connections=1,16
server_cpus=""
load_cpus=""
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --pin) server_cpus="$2"; load_cpus="$2"; shift 2 ;;
        --server-cpus) server_cpus="$2"; shift 2 ;;
        --load-cpus) load_cpus="$2"; shift 2 ;;
        *) echo "server_side_by_side.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/../.."
kmip=.build/release/kmip
python=${KMIP_PYKMIP_PYTHON:-python3}
[ -x "$kmip" ] || { echo "server_side_by_side.sh: build first: swift build -c release --product kmip" >&2; exit 1; }
"$python" -c "import kmip" 2>/dev/null || { echo "server_side_by_side.sh: $python has no PyKMIP (pip install pykmip, or set KMIP_PYKMIP_PYTHON)" >&2; exit 1; }
run=()
load=()
[ -n "$server_cpus" ] && run=(taskset -c "$server_cpus")
[ -n "$load_cpus" ] && load=(taskset -c "$load_cpus")
where="${server_cpus:+, server on CPU $server_cpus}${load_cpus:+, load on CPU $load_cpus}"

work=$(mktemp -d)
serve_pid=""
cleanup() {
    [ -n "${PYKMIP_PID:-}" ] && kill "$PYKMIP_PID" 2>/dev/null || true
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
ticks=$(getconf CLK_TCK)

# One `kmip bench server` run per operation and connection count against the server on PORT
# (process PID), with the server's CPU time per operation from /proc (user + system): what a
# request costs the server, wherever the load generator runs.
measure() {
    local pid=$1 port=$2 count operation before after row
    printf '%-11s %11s %10s %9s %9s %17s\n' operation connections ops/s "p50 ms" "p99 ms" "server CPU us/op"
    for count in ${connections//,/ }; do
        for operation in create get encrypt; do
            before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
            row=$("${load[@]}" "$kmip" bench server --host 127.0.0.1 --port "$port" --tls12 "${identity[@]}" \
                --seconds "$seconds" --connections "$count" --operations "$operation" | tail -n 1)
            after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
            echo "$row" | awk -v used=$((after - before)) -v ticks="$ticks" -v seconds="$seconds" \
                '{ printf "%s %17.0f\n", $0, used / ticks * 1000000 / ($3 * seconds) }'
        done
    done
}
"$kmip" pki init "$work/pki" > /dev/null
identity=(--cert "$work/pki/client.pem" --key "$work/pki/client-key.pem" --ca "$work/pki/ca.pem")

# PyKMIP's server stops when its standard input closes: a coprocess keeps the pipe open. Its
# multiprocessing temporary folders go in $work, which is removed at the end.
mkdir "$work/tmp"
coproc PYKMIP { export TMPDIR="$work/tmp"; exec "${run[@]}" chrt --batch 0 "$python" Tools/interop/pykmip_server.py --pki "$work/pki" --state "$work/pykmip" 2>"$work/pykmip.err"; }
read -r -t 60 ready port <&"${PYKMIP[0]}" || { echo "PyKMIP's server did not start:" >&2; cat "$work/pykmip.err" >&2; exit 1; }
[ "$ready" = READY ] || { echo "PyKMIP's server said: $ready $port" >&2; exit 1; }
echo "== PyKMIP $("$python" -c 'import kmip; print(kmip.__version__)') server, port $port$where"
measure "$PYKMIP_PID" "$port"
kill "$PYKMIP_PID"

"${run[@]}" "$kmip" serve --port 0 --cert "$work/pki/server.pem" --key "$work/pki/server-key.pem" --ca "$work/pki/ca.pem" > "$work/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.out")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "kmip serve did not start:" >&2; cat "$work/serve.out" >&2; exit 1; }
echo "== kmip serve (swift-kmip), port $port$where"
measure "$serve_pid" "$port"
