#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, lays out, tests, benchmarks and demonstrates the Tracarbon module.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Bench    # about 10 minutes; see bench/RESULTS.md
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # How long the demo tracks this machine.
    [double] $DemoSeconds = 10
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$manifest = Import-PowerShellDataFile (Join-Path $root 'Tracarbon.psd1')
$version = $manifest.ModuleVersion
$moduleDir = Join-Path $root "out/Tracarbon/$version"

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'Tracarbon.PowerShell.sln') -c $Configuration --nologo -v quiet
    Remove-Item (Join-Path $root 'out/Tracarbon') -Recurse -Force -ErrorAction SilentlyContinue
    $dependencies = Join-Path $moduleDir 'dependencies'
    New-Item $dependencies -ItemType Directory -Force | Out-Null

    # The module's root holds what PowerShell loads first; the engine and its libraries go to
    # dependencies/, loaded in a private AssemblyLoadContext on PowerShell 7 (see ModuleInitializer.cs).
    $bin = Join-Path $root "src/Tracarbon.PowerShell/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $bin 'Tracarbon.PowerShell.dll') $moduleDir
    $loadContext = Join-Path $root "src/Tracarbon.LoadContext/bin/$Configuration/net8.0/Tracarbon.LoadContext.dll"
    Copy-Item $loadContext $moduleDir
    $engine = Join-Path $root 'out/engine-publish'
    # Publish copies a library only when it is newer than the one there: after a package downgrade the
    # old, newer-stamped files would stay, so each build publishes into an empty folder.
    Remove-Item $engine -Recurse -Force -ErrorAction SilentlyContinue
    Invoke-Dotnet publish (Join-Path $root 'src/Tracarbon/Tracarbon.csproj') -c $Configuration --nologo -v quiet -o $engine
    Copy-Item (Join-Path $engine '*.dll') $dependencies

    # The engine precompiled (ReadyToRun, by Crossgen2) for PowerShell 7 on linux-x64 goes to
    # dependencies/linux-x64/, which only the load context reads there, beside the IL copy that Windows
    # PowerShell 5.1 and every other platform load: .NET Framework cannot load a ReadyToRun image, and .NET
    # refuses one built for another system or processor. The first Get-CarbonIntensity then runs without
    # the JIT (bench/RESULTS.md, "Start-up").
    $readyToRun = Join-Path $root 'out/readytorun-publish'
    Remove-Item $readyToRun -Recurse -Force -ErrorAction SilentlyContinue
    Invoke-Dotnet publish (Join-Path $root 'tools/ReadyToRun/Tracarbon.ReadyToRun.csproj') -c $Configuration `
        --nologo -v quiet -o $readyToRun
    $precompiled = New-Item (Join-Path $dependencies 'linux-x64') -ItemType Directory -Force
    Copy-Item (Join-Path $readyToRun 'Tracarbon.dll') $precompiled

    Copy-Item (Join-Path $root 'Tracarbon.psd1'), (Join-Path $root 'LICENSE.txt'), (Join-Path $root 'NOTICE') $moduleDir
    Copy-Item (Join-Path $root 'src/Tracarbon.PowerShell/Tracarbon.Format.ps1xml') $moduleDir
    & (Join-Path $root 'tools/Build-Help.ps1') -DocsPath (Join-Path $root 'docs') -ModulePath $moduleDir
    Write-Host "Module laid out in $moduleDir"
}

# Runs one test project and returns its passed and failed counts, read from its TRX file.
function Invoke-XunitProject([string] $project) {
    $results = Join-Path $root "out/test-results/$([IO.Path]::GetFileNameWithoutExtension($project))"
    Remove-Item $results -Recurse -Force -ErrorAction SilentlyContinue
    & dotnet test (Join-Path $root $project) -c $Configuration --nologo `
        --logger 'trx;LogFileName=results.trx' --results-directory $results | Out-Host
    $trx = [xml](Get-Content (Join-Path $results 'results.trx') -Raw)
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Suite = $project; Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error }
}

function Invoke-PesterSuite {
    $pester = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/pester/5.7.1/tools/Pester.psd1'
    if ($env:NUGET_PACKAGES) { $pester = Join-Path $env:NUGET_PACKAGES 'pester/5.7.1/tools/Pester.psd1' }
    $out = Join-Path $root 'out/test-results/pester.xml'
    # A fresh pwsh: a loaded module assembly cannot be unloaded, so each run gets its own process.
    $script = @"
Import-Module '$pester' -RequiredVersion 5.7.1
`$c = New-PesterConfiguration
`$c.Run.Path = '$(Join-Path $root 'tests/pester')'
`$c.Run.PassThru = `$true
`$c.Output.Verbosity = 'Detailed'
`$c.TestResult.Enabled = `$true
`$c.TestResult.OutputPath = '$out'
`$r = Invoke-Pester -Configuration `$c
"PESTER `$(`$r.PassedCount) `$(`$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount)"
"@
    $lines = & dotnet pwsh -NoProfile -NonInteractive -Command $script
    $lines | Where-Object { $_ -notmatch '^PESTER ' } | Out-Host
    $summary = ($lines | Where-Object { $_ -match '^PESTER (\d+) (\d+)$' } | Select-Object -Last 1)
    if (-not $summary) { return [pscustomobject]@{ Suite = 'pester'; Passed = 0; Failed = 1 } }
    $null = $summary -match '^PESTER (\d+) (\d+)$'
    [pscustomobject]@{ Suite = 'pester'; Passed = [int]$Matches[1]; Failed = [int]$Matches[2] }
}

# Runs a PowerShell child with its own HOME (and no XDG_DATA_HOME), so PSResourceGet's repository list
# and CurrentUser installs land in a throw-away folder, never in the user's settings.
function Invoke-IsolatedPwsh([string] $HomePath, [string] $Command) {
    $exe = [Environment]::ProcessPath
    $arguments = @('-NoProfile', '-NonInteractive', '-Command', $Command)
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        $arguments = @(Join-Path $PSHOME 'pwsh.dll') + $arguments
    }
    $saved = $env:HOME, $env:XDG_DATA_HOME
    New-Item $HomePath -ItemType Directory -Force | Out-Null
    $env:HOME = $HomePath
    $env:XDG_DATA_HOME = $null
    try {
        & $exe @arguments
        if ($LASTEXITCODE -ne 0) { throw "The isolated PowerShell failed with exit code $LASTEXITCODE" }
    } finally {
        $env:HOME, $env:XDG_DATA_HOME = $saved
    }
}

# Packs the laid-out module into out/packages/Tracarbon.<version>.nupkg with PSResourceGet.
function Invoke-Package {
    $packages = Join-Path $root 'out/packages'
    Remove-Item $packages -Recurse -Force -ErrorAction SilentlyContinue
    New-Item $packages -ItemType Directory -Force | Out-Null
    $isolated = Join-Path $root 'out/psresource-home'
    try {
        Invoke-IsolatedPwsh $isolated @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name TracarbonBuild -Uri '$packages' -Trusted
Publish-PSResource -Path '$moduleDir' -Repository TracarbonBuild -SkipDependenciesCheck
"@
    } finally {
        Remove-Item $isolated -Recurse -Force -ErrorAction SilentlyContinue
    }
    Write-Host "Package: $((Get-ChildItem $packages -Filter *.nupkg).FullName)"
}

function Invoke-Demo {
    $demo = Join-Path $root 'tools/Invoke-Demo.ps1'
    & dotnet pwsh -NoProfile -NonInteractive -File $demo -ModulePath (Join-Path $root 'out/Tracarbon') -Seconds $DemoSeconds
    if ($LASTEXITCODE -ne 0) { throw "The demo failed with exit code $LASTEXITCODE" }
}

# Runs bench/: the BenchmarkDotNet suite (short jobs, each benchmark beside its baseline), the heap
# and pace checks, then each script whose tool is installed. Logs land in out/bench/.
function Invoke-Bench {
    $logs = Join-Path $root 'out/bench'
    New-Item $logs -ItemType Directory -Force | Out-Null
    $project = Join-Path $root 'bench/Tracarbon.Benchmarks/Tracarbon.Benchmarks.csproj'
    Invoke-Dotnet build $project -c Release --nologo -v quiet
    $benchmarks = Join-Path $root 'bench/Tracarbon.Benchmarks/bin/Release/net10.0/Tracarbon.Benchmarks.dll'
    # Called directly, not through Invoke-Dotnet's splatting, where PowerShell would expand the '*'.
    & dotnet $benchmarks --filter '*' --artifacts $logs
    if ($LASTEXITCODE -ne 0) { throw "The benchmarks failed with exit code $LASTEXITCODE" }
    & dotnet $benchmarks heap | Tee-Object (Join-Path $logs 'heap.txt') | Out-Host
    $heapFlat = $LASTEXITCODE -eq 0
    & dotnet $benchmarks pace 100 5 | Tee-Object (Join-Path $logs 'pace.txt') | Out-Host

    $scripts = [ordered]@{ 'cpu-per-tick.sh' = 'gcc'; 'startup.sh' = 'hyperfine'; 'scrape.sh' = 'wrk' }
    foreach ($script in $scripts.Keys) {
        if (-not $IsLinux -or -not (Get-Command $scripts[$script] -ErrorAction SilentlyContinue)) {
            Write-Warning "bench/$script skipped: it needs Linux and '$($scripts[$script])' (Debian: apt-get install -y $($scripts[$script]))."
            continue
        }

        & bash (Join-Path $root "bench/$script") 2>&1 | Tee-Object (Join-Path $logs "$script.txt") | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "bench/$script failed with exit code $LASTEXITCODE" }
    }

    Write-Host "Benchmark logs in $logs; BenchmarkDotNet's tables in $(Join-Path $logs 'results')"
    if (-not $heapFlat) { throw 'The heap check found the managed heap growing across a million ticks.' }
}

Invoke-Build
switch ($Task) {
    'Bench' { Invoke-Bench }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
    'Test' {
        Invoke-Package
        $suites = @(
            Invoke-XunitProject 'tests/Tracarbon.Tests/Tracarbon.Tests.csproj'
            Invoke-XunitProject 'tests/Tracarbon.PowerShell.Tests/Tracarbon.PowerShell.Tests.csproj'
            Invoke-PesterSuite
        )
        $suites | Format-Table -AutoSize | Out-Host
        $passed = ($suites | Measure-Object Passed -Sum).Sum
        $failed = ($suites | Measure-Object Failed -Sum).Sum
        "Tests: $passed passed, $failed failed"
        if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
    }
}
