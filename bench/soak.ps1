#!/usr/bin/env pwsh
<#
.SYNOPSIS
    A real soak: a session ticking at 10 Hz with the JSON exporter for ten minutes, recording the
    process's CPU and memory at the start and the end. Not part of CI.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh ./bench/soak.ps1 -Seconds 600
#>
param(
    [double] $Seconds = 600,
    [double] $IntervalSeconds = 0.1,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Tracarbon')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$json = Join-Path ([IO.Path]::GetTempPath()) "tracarbon-soak-$PID.jsonl"

function Measure-Process {
    $p = [Diagnostics.Process]::GetCurrentProcess()
    $p.Refresh()
    [pscustomobject]@{
        At              = [DateTime]::UtcNow
        CpuSeconds      = $p.TotalProcessorTime.TotalSeconds
        WorkingSetMiB   = [Math]::Round($p.WorkingSet64 / 1MB, 1)
        ManagedHeapMiB  = [Math]::Round([GC]::GetTotalMemory($true) / 1MB, 2)
        Threads         = $p.Threads.Count
    }
}

Start-CarbonTracking -Exporter Json -Path $json -IntervalSeconds $IntervalSeconds -Country FR
# Warm-up: JIT, the history ring filling (3600 samples = 6 minutes at 10 Hz is part of the run).
Start-Sleep -Seconds 10
$start = Measure-Process
Start-Sleep -Seconds ($Seconds - 10)
$end = Measure-Process
$report = Stop-CarbonTracking
$records = (Get-Content $json | Measure-Object).Count
Remove-Item $json

$hostRow = $report | Where-Object Component -EQ Host
$cpuPerSecond = ($end.CpuSeconds - $start.CpuSeconds) / ($end.At - $start.At).TotalSeconds
[pscustomobject]@{
    Seconds                 = $Seconds
    Samples                 = $hostRow.Samples
    SkippedTicks            = $hostRow.SkippedTicks
    Errors                  = $hostRow.Errors
    JsonRecords             = $records
    ProcessCpuPercentOfCore = [Math]::Round(100 * $cpuPerSecond, 2)
    SessionOverheadCpuSec   = [Math]::Round($hostRow.OverheadCpuSeconds, 3)
    WorkingSetStartMiB      = $start.WorkingSetMiB
    WorkingSetEndMiB        = $end.WorkingSetMiB
    ManagedHeapStartMiB     = $start.ManagedHeapMiB
    ManagedHeapEndMiB       = $end.ManagedHeapMiB
    ThreadsStart            = $start.Threads
    ThreadsEnd              = $end.Threads
} | Format-List
