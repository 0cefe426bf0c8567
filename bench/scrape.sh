#!/usr/bin/env bash
# Prometheus scrapes on loopback while a session ticks at 10 Hz: the module, in `dotnet pwsh`,
# serves /metrics on a free 127.0.0.1 port (PROMETHEUS_PORT) over the RAPL fixture tree, and wrk
# loads it with 2 threads and 8 connections for 10 s, with latency percentiles. Only 127.0.0.1 is
# touched; every wrk run is bounded by its duration and by a timeout.
#
# wrk sends as fast as the server answers, so its p99 is the latency at saturation. With SCRAPE_RATE
# set (e.g. SCRAPE_RATE=5000), each wrk run is followed by one of hey, paced to that many scrapes a
# second over the same 8 connections: the latency at that rate (lines RESULT paced).
#
# usage: bench/scrape.sh [runs]      default: 3 runs of 10 s. Lines starting RESULT are the figures.
# Needs: wrk (Debian: apt-get install -y wrk), the module built in out/Tracarbon; hey for SCRAPE_RATE.
set -euo pipefail
# PowerShell's own usage telemetry is off for every process measured here, the baselines included: it
# sends from a timer thread every 30 s (tens of ms of CPU a send, failing here, with no network), which
# falls in one window and not the next and is PowerShell's cost, not the module's. The figures before
# 2026-12-04 20:45 UTC ran with it on.
export POWERSHELL_TELEMETRY_OPTOUT=1
cd "$(dirname "$0")/.."
runs=${1:-3}
rate=${SCRAPE_RATE:-}
command -v wrk > /dev/null || { echo "wrk is missing (Debian: apt-get install -y wrk)" >&2; exit 1; }
if [[ -n "$rate" ]]; then
    [[ "$rate" =~ ^[0-9]+$ && "$rate" -ge 8 ]] ||
        { echo "SCRAPE_RATE must be a number of scrapes a second, at least 8" >&2; exit 1; }
    command -v hey > /dev/null || { echo "hey is missing (Debian: apt-get install -y hey)" >&2; exit 1; }
fi

work=$(mktemp -d /tmp/tracarbon-scrape-XXXXXX)
pw_pid=
cleanup() {
    if [[ -n "$pw_pid" ]]; then kill "$pw_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
source bench/powercap-fixture.sh
make_powercap_tree "$work/powercap"

# A free port: one where nothing answers a connection on 127.0.0.1 (bounded: 50 tries).
port=
for ((i = 0; i < 50; i++)); do
    candidate=$((20000 + RANDOM % 20000))
    if ! (exec 3<> /dev/tcp/127.0.0.1/"$candidate") 2> /dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "no free port found" >&2; exit 1; }

export TRACARBON_POWERCAP_ROOT="$work/powercap" PROMETHEUS_ADDRESS=127.0.0.1 PROMETHEUS_PORT="$port"
coproc PW { exec dotnet pwsh -NoProfile -NonInteractive -File bench/tick-session.ps1 -ModulePath ./out/Tracarbon 2>&1; }
ask() { echo "$1" >&"${PW[1]}"; local line; read -r line <&"${PW[0]}"; echo "$line"; }
read -r ready <&"${PW[0]}"
[[ "$ready" == ready* ]] || { echo "the PowerShell side did not start: $ready" >&2; exit 1; }
pw_pid=${ready#ready }
answer=$(ask "start 0.1 Prometheus")
[[ "$answer" == started ]] || { echo "start: $answer" >&2; exit 1; }
url="http://127.0.0.1:$port/metrics"
sleep 2
echo "session: pid $pw_pid, 10 Hz, $url"

for ((r = 1; r <= runs; r++)); do
    timeout 30 wrk -t2 -c8 -d10s --latency "$url" > "$work/wrk$r.txt" || true
    awk -v r="$r" '
        /Requests\/sec:/ { rps = $2 }
        /^ +99%/ { p99 = $2 }
        /^ +50%/ { p50 = $2 }
        /requests in/ { total = $1 }
        /Non-2xx/ { non2xx = $NF }
        /Socket errors/ { errors = $0; sub(/^ +/, "", errors) }
        END { printf "RESULT run %d | %s scrapes/s | p50 %s | p99 %s | %s requests | non-2xx %d | %s\n",
              r, rps, p50, p99, total, non2xx, errors == "" ? "no socket errors" : errors }' "$work/wrk$r.txt"
    if [[ -n "$rate" ]]; then
        # hey paces each of its 8 workers to rate/8 a second; it reports latencies in seconds.
        timeout 30 hey -z 10s -c 8 -q $((rate / 8)) "$url" > "$work/hey$r.txt" 2>&1 || true
        awk -v r="$r" -v rate="$rate" '
            /Requests\/sec:/ { rps = $2 }
            /^ +50% in/ { p50 = $3 * 1000 }
            /^ +99% in/ { p99 = $3 * 1000 }
            /^Error distribution/ { errors = 1 }
            /^ +\[[0-9]+\]/ {
                # "[200] N responses" by status, then "[N] <error>" for requests that got no answer.
                if (errors) failed += substr($1, 2) + 0; else if ($1 == "[200]") ok += $2; else other += $2
            }
            END { printf "RESULT paced run %d | %.0f scrapes/s (asked %d) | p50 %.2fms | p99 %.2fms | " \
                  "200: %d | other status: %d | errors: %d\n", r, rps, rate, p50, p99, ok, other, failed }
        ' "$work/hey$r.txt"
    fi
done
echo "       $(ask stop)"
sed -n '1,/Latency Distribution/p' "$work/wrk$runs.txt" | sed 's/^/       wrk: /'
ask quit > /dev/null || true
wait "$pw_pid" 2> /dev/null || true
pw_pid=
