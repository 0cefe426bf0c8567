#!/usr/bin/env bash
# Start-up cost: a PowerShell that imports ./out/Tracarbon and answers a first Get-CarbonIntensity
# -Country FR, against a bare `pwsh -NoProfile -Command 1`, timed by hyperfine. Both run the pwsh of
# the repository's local tool (dotnet tool restore) directly through its host, `dotnet <pwsh.dll>`:
# `dotnet pwsh` adds the SDK's tool launcher and a shim process to both sides alike.
#
# usage: bench/startup.sh [rounds] [runs-per-round] [module]
#   defaults: 7 rounds of 6 runs (about 2 minutes), the module in out/Tracarbon; name another module folder,
#   absolute or from the repository root (a copy of an earlier build), to measure before and after together.
# Each round runs both commands, so a change in the machine's load between rounds moves both; the
# figure is the median of the rounds' differences of medians. Beside it: the difference of the
# fastest runs (noise only ever adds time) and of user + system CPU time (which load moves less).
# Lines starting RESULT are the figures.
# Needs: hyperfine (Debian: apt-get install -y hyperfine), the module built in out/Tracarbon.
set -euo pipefail
# PowerShell's own usage telemetry is off for every process measured here, the baselines included: it
# sends from a timer thread every 30 s (tens of ms of CPU a send, failing here, with no network), which
# falls in one window and not the next and is PowerShell's cost, not the module's. The figures before
# 2026-12-04 20:45 UTC ran with it on.
export POWERSHELL_TELEMETRY_OPTOUT=1
cd "$(dirname "$0")/.."
rounds=${1:-7}
runs=${2:-6}
command -v hyperfine > /dev/null || { echo "hyperfine is missing (Debian: apt-get install -y hyperfine)" >&2; exit 1; }
module=$(realpath -m "${3:-out/Tracarbon}")
[[ -d $module ]] || { echo "$module is missing: run build.ps1 -Task Build first" >&2; exit 1; }

pwsh_dll=$(dotnet pwsh -NoProfile -NonInteractive -Command '[IO.Path]::Combine($PSHOME, "pwsh.dll")')
[[ -f "$pwsh_dll" ]] || { echo "cannot find pwsh.dll (got '$pwsh_dll'); run dotnet tool restore" >&2; exit 1; }
work=$(mktemp -d /tmp/tracarbon-startup-XXXXXX)
trap 'rm -rf "$work"' EXIT

bare="dotnet $pwsh_dll -NoProfile -Command 1"
with="dotnet $pwsh_dll -NoProfile -Command \"Import-Module $module; \$null = Get-CarbonIntensity -Country FR\""
echo "bare:   $bare"
echo "module: $with"
for ((r = 1; r <= rounds; r++)); do
    # Alternate which command goes first, so a load that rises or falls during a round is not always
    # charged to the same side.
    if ((r % 2)); then order=(-n bare "$bare" -n module "$with"); else order=(-n module "$with" -n bare "$bare"); fi
    hyperfine -N --style basic --warmup 2 --runs "$runs" --export-csv "$work/round$r.csv" "${order[@]}" \
        > "$work/round$r.txt"
    # CSV: command,mean,stddev,median,user,system,min,max (seconds)
    awk -F, -v r="$r" 'NR > 1 { med[$1] = $4 * 1000; sd[$1] = $3 * 1000; cpu[$1] = ($5 + $6) * 1000; min[$1] = $7 * 1000 }
        END { printf "RESULT round %d | bare median %.1f ms (sd %.1f, min %.1f, CPU %.1f ms) | module median %.1f ms (sd %.1f, min %.1f, CPU %.1f ms) | extra %.1f ms (minimums %.1f ms, CPU %.1f ms)\n",
              r, med["bare"], sd["bare"], min["bare"], cpu["bare"], med["module"], sd["module"], min["module"], cpu["module"],
              med["module"] - med["bare"], min["module"] - min["bare"], cpu["module"] - cpu["bare"] }' "$work/round$r.csv"
done | tee "$work/results.txt"
# The median of the rounds' differences of medians; with an even count, the mean of the middle two.
awk '{ for (i = 1; i <= NF; i++) if ($i == "extra") print $(i + 1) }' "$work/results.txt" | sort -n |
    awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "RESULT extra start-up, median of %d rounds: %.1f ms (rounds from %.1f to %.1f ms); target: at most 150 ms\n", NR, m, v[1], v[NR] }'

# Where the time goes, timed inside fresh processes: PowerShell's first import of any module (an
# empty manifest), then Tracarbon's own import, then the first Get-CarbonIntensity (its table).
mkdir -p "$work/Empty"
echo "@{ ModuleVersion = '1.0'; GUID = '6c1d0a52-4a0e-4f55-9d3e-0a3b8e7e2f10'; FunctionsToExport = @(); CmdletsToExport = @() }" \
    > "$work/Empty/Empty.psd1"
split='$s = [Diagnostics.Stopwatch]::StartNew(); Import-Module '"$work/Empty"'; $a = $s.Elapsed.TotalMilliseconds
Import-Module '"$module"'; $b = $s.Elapsed.TotalMilliseconds; $null = Get-CarbonIntensity -Country FR
"{0:0.0} {1:0.0} {2:0.0}" -f $a, ($b - $a), ($s.Elapsed.TotalMilliseconds - $b)'
for ((i = 0; i < 9; i++)); do dotnet "$pwsh_dll" -NoProfile -Command "$split"; done |
    awk '{ e[NR] = $1; t[NR] = $2; g[NR] = $3 }
         function median(v, n,   i, j, x) { for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j > 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
                                            return v[int((n + 1) / 2)] }
         END { printf "RESULT in-process, median of %d fresh processes | first import of any module (empty manifest) %.1f ms | Tracarbon import after it %.1f ms | first Get-CarbonIntensity -Country FR %.1f ms\n",
               NR, median(e, NR), median(t, NR), median(g, NR) }'
