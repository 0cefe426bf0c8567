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

# Starts a child PowerShell running $Command, with the module's path in $env:TRACARBON_TEST_MODULE and the
# variables of $Environment set for the child only.
# Under `dotnet pwsh` the process is the dotnet host, so the child runs $PSHOME/pwsh.dll through it.
function Start-ChildPwsh([string] $Command, [string] $StdOut, [hashtable] $Environment = @{}) {
    $env:TRACARBON_TEST_MODULE = $script:ModulePath
    $exe = [Environment]::ProcessPath
    $arguments = @('-NoProfile', '-NonInteractive', '-Command', $Command)
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        $arguments = @(Join-Path $PSHOME 'pwsh.dll') + $arguments
    }
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        Start-Process -FilePath $exe -ArgumentList $arguments -PassThru -RedirectStandardOutput $StdOut
    } finally {
        foreach ($name in $saved.Keys) {
            [Environment]::SetEnvironmentVariable($name, $saved[$name])
        }
    }
}
