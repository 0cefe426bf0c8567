BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'The packaged module' {
    It 'installs from a local repository with Install-PSResource and tracks in a fresh pwsh' {
        $packages = Join-Path $RepoRoot 'out/packages'
        Get-ChildItem $packages -Filter 'Tracarbon.*.nupkg' | Should -HaveCount 1
        $isolated = Join-Path $TestDrive 'home'
        New-Item $isolated -ItemType Directory | Out-Null
        $install = "`$ErrorActionPreference = 'Stop'; " +
            "Register-PSResourceRepository -Name Local -Uri '$packages' -Trusted; " +
            "Install-PSResource -Name Tracarbon -Repository Local -Scope CurrentUser -TrustRepository"
        $track = "`$ErrorActionPreference = 'Stop'; Import-Module Tracarbon; " +
            "(Get-Module Tracarbon).ModuleBase; " +
            "Start-CarbonTracking -IntervalSeconds 0.1 -Country FR; Start-Sleep -Milliseconds 500; " +
            "Stop-CarbonTracking | Where-Object Component -EQ Host | ForEach-Object { 'samples=' + `$_.Samples }"

        # A home of its own: the repository list and the CurrentUser install stay in the test drive.
        $saved = $env:HOME, $env:XDG_DATA_HOME
        $env:HOME = $isolated
        $env:XDG_DATA_HOME = $null
        try {
            $child = Start-ChildPwsh -Command $install -StdOut (Join-Path $TestDrive 'install.txt')
            $child.WaitForExit(120000) | Should -BeTrue
            $child.ExitCode | Should -Be 0
            $child = Start-ChildPwsh -Command $track -StdOut (Join-Path $TestDrive 'track.txt')
            $child.WaitForExit(60000) | Should -BeTrue
            $child.ExitCode | Should -Be 0
        } finally {
            $env:HOME, $env:XDG_DATA_HOME = $saved
        }

        $lines = Get-Content (Join-Path $TestDrive 'track.txt')
        # Imported by name from the install folder under the isolated home, not from out/.
        $lines[0] | Should -BeLike "$isolated*Tracarbon*"
        [int]($lines[-1] -replace 'samples=') | Should -BeGreaterOrEqual 4
    }
}
