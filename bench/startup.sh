#!/usr/bin/env bash
# Start-up cost: a PowerShell that imports ./out/Tracarbon and answers a first Get-CarbonIntensity
# -Country FR, against a bare `pwsh -NoProfile -Command 1`, timed by hyperfine. Both run the pwsh of
# the repository's local tool (dotnet tool restore) directly through its host, `dotnet <pwsh.dll>`:
# `dotnet pwsh` adds the SDK's tool launcher and a shim process to both sides alike.
#
# usage: bench/startup.sh [rounds] [runs-per-round]     defaults: 4 rounds of 10 runs (about 2 minutes)
# Each round runs both commands, so a change in the machine's load between rounds moves both; the
# figure is the median of the rounds' differences of means. Lines starting RESULT are the figures.
# Needs: hyperfine (Debian: apt-get install -y hyperfine), the module built in out/Tracarbon.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-4}
runs=${2:-10}
command -v hyperfine > /dev/null || { echo "hyperfine is missing (Debian: apt-get install -y hyperfine)" >&2; exit 1; }
[[ -d out/Tracarbon ]] || { echo "out/Tracarbon is missing: run build.ps1 -Task Build first" >&2; exit 1; }

pwsh_dll=$(dotnet pwsh -NoProfile -NonInteractive -Command '[IO.Path]::Combine($PSHOME, "pwsh.dll")')
[[ -f "$pwsh_dll" ]] || { echo "cannot find pwsh.dll (got '$pwsh_dll'); run dotnet tool restore" >&2; exit 1; }
module=$(pwd)/out/Tracarbon
work=$(mktemp -d /tmp/tracarbon-startup-XXXXXX)
trap 'rm -rf "$work"' EXIT

bare="dotnet $pwsh_dll -NoProfile -Command 1"
with="dotnet $pwsh_dll -NoProfile -Command \"Import-Module $module; \$null = Get-CarbonIntensity -Country FR\""
echo "bare:   $bare"
echo "module: $with"
for ((r = 1; r <= rounds; r++)); do
    hyperfine -N --style basic --warmup 2 --runs "$runs" --export-csv "$work/round$r.csv" \
        -n bare "$bare" -n module "$with" > "$work/round$r.txt"
    # CSV: command,mean,stddev,median,user,system,min,max (seconds)
    awk -F, -v r="$r" 'NR > 1 { mean[$1] = $2 * 1000; sd[$1] = $3 * 1000; med[$1] = $4 * 1000 }
        END { printf "RESULT round %d | bare %.1f ms (sd %.1f, median %.1f) | module %.1f ms (sd %.1f, median %.1f) | extra %.1f ms (medians %.1f ms)\n",
              r, mean["bare"], sd["bare"], med["bare"], mean["module"], sd["module"], med["module"],
              mean["module"] - mean["bare"], med["module"] - med["bare"] }' "$work/round$r.csv"
done | tee "$work/results.txt"
awk '{ for (i = 1; i <= NF; i++) if ($i == "extra") print $(i + 1) }' "$work/results.txt" | sort -n |
    awk '{ v[NR] = $1 } END { printf "RESULT extra start-up, median of %d rounds: %.1f ms (range %.1f to %.1f ms); target: at most 150 ms\n", NR, v[int((NR + 1) / 2)], v[1], v[NR] }'
