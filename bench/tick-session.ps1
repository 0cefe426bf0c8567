<#
.SYNOPSIS
    A PowerShell that imports the built module and tracks when told, for bench/cpu-per-tick.sh and
    bench/scrape.sh.
.DESCRIPTION
    Reads one command a line from standard input and answers one line on standard output:
    'start <seconds> [Json|Prometheus]' starts a RAPL session (TRACARBON_POWERCAP_ROOT) with that
    exporter at that interval (Json by default, to -JsonPath; Prometheus on PROMETHEUS_PORT), 'stop'
    stops it, 'quit' ends. Between commands it blocks on the read, so the process is idle when not
    tracking.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $JsonPath = (Join-Path ([IO.Path]::GetTempPath()) "tracarbon-bench-$PID.jsonl")
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

# Warm the module's own paths (tables, cmdlet binding) before anything is measured.
Get-CarbonIntensity -Country FR | Out-Null
Get-CarbonProbe | Out-Null
"ready $PID"

while ($null -ne ($line = [Console]::In.ReadLine())) {
    switch -Regex ($line) {
        '^start (\S+)( Json| Prometheus)?$' {
            $interval = [double]$Matches[1]
            if ($Matches[2] -eq ' Prometheus') {
                Start-CarbonTracking -Probe Rapl -Exporter Prometheus -IntervalSeconds $interval -Country FR
            } else {
                Start-CarbonTracking -Probe Rapl -Exporter Json -Path $JsonPath -IntervalSeconds $interval -Country FR
            }

            'started'
        }
        '^stop$' {
            $host_ = Stop-CarbonTracking | Where-Object Component -EQ 'Host'
            "stopped samples=$($host_.Samples) skipped=$($host_.SkippedTicks) errors=$($host_.Errors)"
        }
        '^quit$' { return }
        default { "unknown '$line'" }
    }
}
