#!/usr/bin/env bash
# Issue item 6: the whole process's on-CPU time per tick of a tracking session (RAPL, 6 counters,
# JSON Lines exporter, dotnet pwsh importing ./out/Tracarbon) against a C program (bench/counters.c)
# reading the same 6 counters at the same rate, both in one run.
#
# A window opens after a second of warm-up. CPU time is read two ways at both ends of it:
#  - schedstat: the first field of /proc/<pid>/task/*/schedstat (ns on CPU), summed over threads, as
#    the issue asks. A thread that exits inside the window takes its time with it, so this sum counts
#    only the threads alive at the end (their growth, or all of a thread born inside the window) and
#    says how many exited;
#  - clock: the process CPU clock (bench/proc-cpu.c), which keeps the time of exited threads.
# From the session's process the same process's CPU time over an equal idle window (module imported,
# no session), taken just before, is subtracted. The C program runs beside the session, in the same
# window, so both see the same machine.
#
# usage: bench/cpu-per-tick.sh [fast-seconds] [fast-windows] [fast-repeats] [slow-seconds] [slow-windows]
#   defaults: 2 sessions at 100 Hz, each measured over 3 windows of 10 s; 1 session at 1 Hz measured
#   over 3 windows of 30 s (about 4 minutes in all). Lines starting RESULT are the figures.
# Needs: gcc, the module built in out/Tracarbon (build.ps1 -Task Build), dotnet pwsh (dotnet tool restore).
set -euo pipefail
# PowerShell's own usage telemetry is off for every process measured here, the baselines included: it
# sends from a timer thread every 30 s (tens of ms of CPU a send, failing here, with no network), which
# falls in one window and not the next and is PowerShell's cost, not the module's. The figures before
# 2026-12-04 20:45 UTC ran with it on.
export POWERSHELL_TELEMETRY_OPTOUT=1
cd "$(dirname "$0")/.."
fast_window=${1:-10}
fast_windows=${2:-3}
fast_repeats=${3:-2}
slow_window=${4:-30}
slow_windows=${5:-3}

work=$(mktemp -d /tmp/tracarbon-cpu-XXXXXX)
pw_pid=
c_pid=
cleanup() {
    if [[ -n "$c_pid" ]]; then kill "$c_pid" 2>/dev/null || true; fi
    if [[ -n "$pw_pid" ]]; then kill "$pw_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

source bench/powercap-fixture.sh
tree="$work/powercap"
make_powercap_tree "$tree"

gcc -O2 -Wall -o "$work/counters" bench/counters.c
gcc -O2 -Wall -o "$work/proc-cpu" bench/proc-cpu.c

# One line per thread: its id and its ns on CPU so far.
threads() {
    local f v tid
    for f in /proc/"$1"/task/*/schedstat; do
        tid=${f%/schedstat}; tid=${tid##*/}
        read -r v _ < "$f" 2>/dev/null && echo "$tid $v"
    done
    return 0
}
# Growth of the threads alive at the end between two thread lists, and how many threads exited.
schedstat_delta() {
    awk 'NR == FNR { before[$1] = $2; next }
         { sum += $2 - ($1 in before ? before[$1] : 0); alive[$1] = 1 }
         END { for (t in before) if (!(t in alive)) gone++; printf "%d %d\n", sum, gone }' "$1" "$2"
}
now_ns() { date +%s%N; }
json_lines() { if [[ -f "$work/run.jsonl" ]]; then wc -l < "$work/run.jsonl"; else echo 0; fi; }

export TRACARBON_POWERCAP_ROOT="$tree"
coproc PW { exec dotnet pwsh -NoProfile -NonInteractive -File bench/tick-session.ps1 \
    -ModulePath ./out/Tracarbon -JsonPath "$work/run.jsonl" 2>&1; }
ask() { echo "$1" >&"${PW[1]}"; local line; read -r line <&"${PW[0]}"; echo "$line"; }
read -r ready <&"${PW[0]}"
[[ "$ready" == ready* ]] || { echo "the PowerShell side did not start: $ready" >&2; exit 1; }
pw_pid=${ready#ready }
echo "session process: pid $pw_pid (dotnet pwsh, ./out/Tracarbon); fixture $tree"

# One line per thread of a process over a window: its name and ms on CPU, the busiest first.
busiest() {
    local tid
    while read -r tid v; do
        printf '%s %s\n' "$(tr ' ' _ < /proc/"$pw_pid"/task/"$tid"/comm 2>/dev/null || echo exited)" "$v"
    done < <(awk 'NR == FNR { b[$1] = $2; next } { print $1, $2 - ($1 in b ? b[$1] : 0) }' "$1" "$2") |
        awk '{ ms[$1] += $2 / 1e6 } END { for (n in ms) if (ms[n] >= 0.05) printf "%s %.2f\n", n, ms[n] }' |
        sort -k2 -rn | head -6 | awk '{ printf "%s%s %s ms", (NR > 1 ? ", " : ""), $1, $2 }'
}

# One measurement: an idle window of the session's process, then a session beside the C program at
# the same rate, measured over consecutive windows after a second of warm-up (the first window is
# the issue's figure; the later ones show what is left once the JIT has finished with the new code).
measure() {
    local hz=$1 window=$2 count=$3 interval answer
    interval=$(awk -v h="$hz" 'BEGIN { printf "%.6g", 1 / h }')

    # Let what the last command set going (the JIT's second compiles, exiting threads) settle first.
    sleep 5
    local t0 t1 k0 k1
    threads "$pw_pid" > "$work/i0"; k0=$("$work/proc-cpu" "$pw_pid"); t0=$(now_ns)
    sleep "$window"
    threads "$pw_pid" > "$work/i1"; k1=$("$work/proc-cpu" "$pw_pid"); t1=$(now_ns)
    local idle_wall=$((t1 - t0)) idle_clock=$((k1 - k0)) idle_sched idle_gone
    read -r idle_sched idle_gone < <(schedstat_delta "$work/i0" "$work/i1")

    answer=$(ask "start $interval"); [[ "$answer" == started ]] || { echo "start: $answer" >&2; exit 1; }
    "$work/counters" "$tree" "$hz" $((1 + window * count + 3)) > "$work/counters.out" &
    c_pid=$!
    sleep 1
    local l0 l1 c0 c1 w
    for ((w = 1; w <= count; w++)); do
        threads "$pw_pid" > "$work/s0"; threads "$c_pid" > "$work/c0"
        read -r k0 c0 < <("$work/proc-cpu" "$pw_pid" "$c_pid"); l0=$(json_lines); t0=$(now_ns)
        sleep "$window"
        threads "$pw_pid" > "$work/s1"; threads "$c_pid" > "$work/c1"
        read -r k1 c1 < <("$work/proc-cpu" "$pw_pid" "$c_pid"); l1=$(json_lines); t1=$(now_ns)
        local track_wall=$((t1 - t0)) track_clock=$((k1 - k0)) track_sched track_gone c_sched
        local c_clock=$((c1 - c0)) start_at=$((1 + (w - 1) * window))
        read -r track_sched track_gone < <(schedstat_delta "$work/s0" "$work/s1")
        read -r c_sched _ < <(schedstat_delta "$work/c0" "$work/c1")

        # Each tick writes 6 JSON records (power and emissions of host, cpu and memory).
        local ticks=$(( (l1 - l0) / 6 ))
        awk -v hz="$hz" -v from="$start_at" -v w="$window" -v tw="$track_wall" -v iw="$idle_wall" \
            -v ticks="$ticks" -v is="$idle_sched" -v ic="$idle_clock" -v ig="$idle_gone" \
            -v ts="$track_sched" -v tc="$track_clock" -v tg="$track_gone" -v cs="$c_sched" -v cc="$c_clock" 'BEGIN {
            scale = tw / iw                      # the idle window, stretched to this window
            cticks = int(tw / 1e9 * hz + 0.5)
            for (m = 0; m < 2; m++) {
                name = m == 0 ? "schedstat" : "clock    "
                idle = (m == 0 ? is : ic) * scale; track = m == 0 ? ts : tc; c = m == 0 ? cs : cc
                net = track - idle; per = net / ticks; cper = c / cticks
                printf "RESULT %3g Hz %3d-%3d s %s | idle %7.3f ms | tracking %8.3f ms | %5d ticks | tracarbon %7.1f us/tick | C %5.1f us/tick | ratio %5.2f | tracarbon %.4f ms CPU/s = %.4f%% of a core\n",
                    hz, from, from + w, name, idle / 1e6, track / 1e6, ticks, per / 1e3, cper / 1e3, per / cper,
                    net / 1e6 / (tw / 1e9), net / tw * 100
            }
            printf "       threads exited: idle %d, window %d\n", ig, tg
        }'
        echo "       busiest threads in the window: $(busiest "$work/s0" "$work/s1")"
        # The session's own threads alone (sampler and export worker): no idle subtraction, so none of
        # the runtime's background noise, which at 1 Hz is as large as the session itself.
        local own
        own=$(while read -r tid v; do
                  if [[ "$(cat /proc/"$pw_pid"/task/"$tid"/comm 2>/dev/null || true)" == Tracarbon* ]]; then
                      echo "$v"
                  fi
              done < <(awk 'NR == FNR { b[$1] = $2; next } { print $1, $2 - ($1 in b ? b[$1] : 0) }' \
                           "$work/s0" "$work/s1") | awk '{ s += $1 } END { print s + 0 }')
        awk -v hz="$hz" -v from="$start_at" -v w="$window" -v tw="$track_wall" -v ticks="$ticks" -v own="$own" \
            -v cs="$c_sched" 'BEGIN {
            cticks = int(tw / 1e9 * hz + 0.5)
            printf "RESULT %3g Hz %3d-%3d s session threads | %8.3f ms | %5d ticks | tracarbon %7.1f us/tick | C %5.1f us/tick | ratio %5.2f | tracarbon %.4f ms CPU/s = %.4f%% of a core\n",
                hz, from, from + w, own / 1e6, ticks, own / ticks / 1e3, cs / cticks / 1e3, (own / ticks) / (cs / cticks),
                own / 1e6 / (tw / 1e9), own / tw * 100
        }'
    done

    answer=$(ask stop)
    echo "       $answer"
    wait "$c_pid"; c_pid=
}

echo "100 Hz: $fast_repeats sessions, $fast_windows windows of ${fast_window} s each; 1 Hz: 1 session, $slow_windows windows of ${slow_window} s"
for ((r = 1; r <= fast_repeats; r++)); do measure 100 "$fast_window" "$fast_windows"; done
measure 1 "$slow_window" "$slow_windows"
ask quit > /dev/null || true
wait "$pw_pid" 2>/dev/null || true
pw_pid=
