#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Tracks this machine for a few seconds under some CPU load and prints the report.
.DESCRIPTION
    What build.ps1 -Task Demo runs. It fails (exit code 1) when the host's energy or emissions come
    out as zero (it throws), so the demo doubles as an end-to-end check on real /proc.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [double] $Seconds = 10,
    [string] $Country = 'FR',
    # Return the report objects instead of printing them (used by the Pester test).
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$jsonPath = Join-Path ([IO.Path]::GetTempPath()) "tracarbon-demo-$PID.jsonl"
Start-CarbonTracking -Exporter Json -Path $jsonPath -IntervalSeconds 1 -Country $Country
Write-Host "Tracking this machine for $Seconds s (grid: $Country), with some work to measure..."

# Keep one core busy for half the time so the report shows the load.
$until = [DateTime]::UtcNow.AddSeconds($Seconds / 2)
$x = 0.0
while ([DateTime]::UtcNow -lt $until) { $x += [Math]::Sqrt($x + 1) }
Start-Sleep -Seconds ($Seconds / 2)

$report = Stop-CarbonTracking
$records = @(Get-Content $jsonPath).Count
Remove-Item $jsonPath -ErrorAction SilentlyContinue
$host_ = $report | Where-Object Component -EQ 'Host'

if ($PassThru) {
    $report
} else {
    $report | Format-Table -AutoSize | Out-Host
    $report | Select-Object Component, PowerSource -Unique | Format-List | Out-Host
    Write-Host "$records JSON Lines records written."
}

if (-not $host_ -or $host_.EnergyKilowattHours -le 0 -or $host_.EmissionsGrams -le 0) {
    throw 'The host drew no energy or emitted nothing: the estimator read nothing from /proc.'
}
