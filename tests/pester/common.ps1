# Dot-sourced by every *.Tests.ps1: imports the laid-out module once per Pester run.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = Join-Path $script:RepoRoot 'out/Tracarbon'
if (-not (Get-Module Tracarbon)) {
    Import-Module $script:ModulePath -ErrorAction Stop
}

function Get-ErrorId([scriptblock] $Script) {
    try {
        & $Script
    } catch {
        return $_.FullyQualifiedErrorId.Split(',')[0]
    }
    throw "The script did not fail: $Script"
}
