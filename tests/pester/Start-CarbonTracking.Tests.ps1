BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Start-CarbonTracking and Stop-CarbonTracking' {
    AfterEach {
        Stop-CarbonTracking -ErrorAction SilentlyContinue | Out-Null
    }

    It 'tracks, writes JSON Lines and exports a readable CSV report, as in the README' {
        Push-Location $TestDrive
        try {
            Start-CarbonTracking -Exporter Json -Path ./run.jsonl -IntervalSeconds 1 -Country FR
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            while (((Get-Content ./run.jsonl -ErrorAction SilentlyContinue) | Measure-Object).Count -lt 6 -and
                [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            Stop-CarbonTracking | Export-Csv ./report.csv

            $rows = Import-Csv ./report.csv
            $rows.Component | Should -Be @('Host', 'Cpu', 'Memory')
            foreach ($row in $rows) {
                $row.Location | Should -Be 'FR'
                [Math]::Abs([double]$row.IntensityGramsPerKilowattHour - 56.039) | Should -BeLessThan 1e-9
                [double]$row.EnergyKilowattHours | Should -BeGreaterThan 0
                # Emissions are energy x intensity: 1e-9 relative tolerance for the CSV round trip.
                [double]$row.EmissionsGrams | Should -BeGreaterThan ([double]$row.EnergyKilowattHours * 56.039 * (1 - 1e-9))
                [double]$row.EmissionsGrams | Should -BeLessThan ([double]$row.EnergyKilowattHours * 56.039 * (1 + 1e-9))
                [int]$row.Samples | Should -BeGreaterOrEqual 2
            }
            $rows[0].PowerSource | Should -Be 'sum of Cpu + Memory'

            $records = Get-Content ./run.jsonl | ForEach-Object { $_ | ConvertFrom-Json }
            $records.Count | Should -BeGreaterOrEqual 12
            $records[0].PSObject.Properties.Name | Should -Be @('timestamp', 'metric_name', 'metric_value', 'metric_tags')
            $records.metric_name | Should -Contain 'tracarbon.energy_consumption_host'
            $records.metric_name | Should -Contain 'tracarbon.carbon_emission_memory'
            $records[0].metric_tags | Should -Contain 'platform:Linux'
            $records[0].metric_tags | Should -Contain 'location:FR'
        } finally {
            Pop-Location
        }
    }

    It 'refuses a second start with TrackingAlreadyStarted' {
        Start-CarbonTracking -IntervalSeconds 5 -Country FR
        Get-ErrorId { Start-CarbonTracking -IntervalSeconds 5 -Country FR -ErrorAction Stop } |
            Should -Be 'TrackingAlreadyStarted'
    }

    It 'refuses a stop without a session with TrackingNotStarted' {
        Get-ErrorId { Stop-CarbonTracking -ErrorAction Stop } | Should -Be 'TrackingNotStarted'
    }

    It 'refuses interval <Interval> with InvalidInterval' -ForEach @(
        @{ Interval = 0 }, @{ Interval = -5 }, @{ Interval = 0.001 }, @{ Interval = 100000 }
    ) {
        Get-ErrorId { Start-CarbonTracking -IntervalSeconds $Interval -Country FR } | Should -Be 'InvalidInterval'
        Get-ErrorId { Stop-CarbonTracking -ErrorAction Stop } | Should -Be 'TrackingNotStarted'
    }

    It 'refuses an unknown country with UnknownCountry and the list of codes' {
        $err = $null
        try { Start-CarbonTracking -Country ZZ } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'UnknownCountry,*'
        $err.TargetObject | Should -Be 'ZZ'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.ErrorDetails.RecommendedAction | Should -Match '\bFR\b'
    }

    It 'reports a session shorter than one interval over its whole length' {
        Start-CarbonTracking -IntervalSeconds 60 -Country FR
        Start-Sleep -Milliseconds 300
        $hostRow = Stop-CarbonTracking | Where-Object Component -EQ 'Host'
        $hostRow.Samples | Should -Be 1
        $hostRow.DurationSeconds | Should -BeGreaterOrEqual 0.3
        $hostRow.EnergyKilowattHours | Should -BeGreaterThan 0
    }

    It 'stops a session left running when the process exits, writing its last sample' {
        # An hour's interval: the only sample after the baseline is the one the stop at exit takes.
        # Environment.Exit ends the process without closing the runspace (which would stop the session
        # itself): only the module's process-exit handler is left to stop it.
        $path = Join-Path $TestDrive 'left-running.jsonl'
        $command = "`$ErrorActionPreference = 'Stop'; Import-Module `$env:TRACARBON_TEST_MODULE; " +
            "Start-CarbonTracking -Exporter Json -Path '$path' -IntervalSeconds 3600 -Country FR; " +
            "[Environment]::Exit(0)"
        $child = Start-ChildPwsh -Command $command -StdOut (Join-Path $TestDrive 'left-running.txt')
        $child.WaitForExit(60000) | Should -BeTrue
        $child.ExitCode | Should -Be 0

        # One record per metric of host, cpu and memory: 3 x (energy, emission).
        $records = @(Get-Content $path | ConvertFrom-Json)
        $records.Count | Should -Be 6
        ($records.metric_name | Sort-Object -Unique) | Should -Be @(
            'tracarbon.carbon_emission_cpu', 'tracarbon.carbon_emission_host', 'tracarbon.carbon_emission_memory',
            'tracarbon.energy_consumption_cpu', 'tracarbon.energy_consumption_host',
            'tracarbon.energy_consumption_memory')
        @($records.metric_tags | Where-Object { $_ -eq 'location:FR' }).Count | Should -Be 6
    }

    It 'stops background sessions on SIGTERM, writing their last sample' -Skip:(-not $IsLinux) {
        # PowerShell ends on SIGTERM without raising ProcessExit: only the module's signal handler stops it.
        $path = Join-Path $TestDrive 'sigterm.jsonl'
        $ready = Join-Path $TestDrive 'sigterm.ready'
        $command = "`$ErrorActionPreference = 'Stop'; Import-Module `$env:TRACARBON_TEST_MODULE; " +
            "Start-CarbonTracking -Exporter Json -Path '$path' -IntervalSeconds 3600 -Country FR; " +
            "Set-Content '$ready' 1; Start-Sleep 120"
        $child = Start-ChildPwsh -Command $command -StdOut (Join-Path $TestDrive 'sigterm.txt')
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path $ready) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Test-Path $ready | Should -BeTrue
        (Get-Item $path).Length | Should -Be 0

        & kill -TERM $child.Id
        $child.WaitForExit(30000) | Should -BeTrue
        $records = @(Get-Content $path | ConvertFrom-Json)
        $records.Count | Should -Be 6
        @($records.metric_tags | Where-Object { $_ -eq 'location:FR' }).Count | Should -Be 6
    }

    It 'leaves background sessions running when SIGTERM ends an Invoke-CarbonTracking run' -Skip:(-not $IsLinux) {
        # The signal ends the foreground run only; the script goes on, and its own end stops the rest.
        $background = Join-Path $TestDrive 'beside.jsonl'
        $ready = Join-Path $TestDrive 'beside.ready'
        $after = Join-Path $TestDrive 'beside.after'
        $foreground = Join-Path $TestDrive 'foreground.jsonl'
        $command = "`$ErrorActionPreference = 'Stop'; Import-Module `$env:TRACARBON_TEST_MODULE; " +
            "Start-CarbonTracking -Name bg -Exporter Json -Path '$background' -IntervalSeconds 3600 -Country FR; " +
            "Set-Content '$ready' 1; " +
            "`$rows = Invoke-CarbonTracking -Exporter Json -Path '$foreground' -IntervalSeconds 0.1 -Country FR; " +
            "Set-Content '$after' ((Get-CarbonTrackingSession).Name + ' ' + `$rows.Count)"
        $child = Start-ChildPwsh -Command $command -StdOut (Join-Path $TestDrive 'beside.txt')
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        # The run is under way (its handler registered) once its samples reach the file.
        while (((Get-Content $foreground -ErrorAction SilentlyContinue) | Measure-Object).Count -lt 12 -and
            [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 50
        }

        & kill -TERM $child.Id
        $child.WaitForExit(30000) | Should -BeTrue
        $child.ExitCode | Should -Be 0
        # After the signal the background session was still running and the run had its 3 report rows.
        Get-Content $after | Should -Be 'bg 3'
        @(Get-Content $background | ConvertFrom-Json).Count | Should -Be 6
    }
}

Describe 'Stop-CarbonTracking with several names' {
    AfterEach {
        Get-CarbonTrackingSession | ForEach-Object { $null = Stop-CarbonTracking -Name $_.Name }
    }

    It 'stops each named session and writes each report' {
        'a', 'b', 'c' | ForEach-Object { Start-CarbonTracking -Name $_ -IntervalSeconds 60 -Country FR }

        $rows = Stop-CarbonTracking -Name a, b

        ($rows | Where-Object Component -EQ Host).SessionName | Should -Be @('a', 'b')
        (Get-CarbonTrackingSession).Name | Should -Be 'c'
    }

    It 'reports an unknown name without stopping the others from stopping' {
        'a', 'b' | ForEach-Object { Start-CarbonTracking -Name $_ -IntervalSeconds 60 -Country FR }

        $rows = Stop-CarbonTracking -Name a, nosuch, b -ErrorVariable failures -ErrorAction SilentlyContinue

        ($rows | Where-Object Component -EQ Host).SessionName | Should -Be @('a', 'b')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'TrackingNotStarted,Tracarbon.PowerShell.Commands.StopCarbonTrackingCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failures[0].TargetObject | Should -Be 'nosuch'
        Get-CarbonTrackingSession | Should -BeNullOrEmpty
    }

    It 'takes wildcards as Get-CarbonTrackingSession does; a pattern that matches nothing is no error' {
        'build-1', 'build-2', 'test' | ForEach-Object { Start-CarbonTracking -Name $_ -IntervalSeconds 60 -Country FR }

        $rows = Stop-CarbonTracking -Name 'BUILD-*', 'none-*' -ErrorVariable failures

        ($rows | Where-Object Component -EQ Host).SessionName | Sort-Object | Should -Be @('build-1', 'build-2')
        $failures.Count | Should -Be 0
        (Get-CarbonTrackingSession).Name | Should -Be 'test'
    }

    It 'stops a session whose name holds wildcard characters by that name alone' {
        'run[1]', 'run1' | ForEach-Object { Start-CarbonTracking -Name $_ -IntervalSeconds 60 -Country FR }

        $rows = Stop-CarbonTracking -Name 'run[1]'

        ($rows | Where-Object Component -EQ Host).SessionName | Should -Be 'run[1]'
        (Get-CarbonTrackingSession).Name | Should -Be 'run1'
    }

    It 'stops the sessions piped from Get-CarbonTrackingSession' {
        'a', 'b' | ForEach-Object { Start-CarbonTracking -Name $_ -IntervalSeconds 60 -Country FR }

        $rows = Get-CarbonTrackingSession | Stop-CarbonTracking

        ($rows | Where-Object Component -EQ Host).SessionName | Sort-Object | Should -Be @('a', 'b')
    }
}

Describe 'Stopping sessions whose exporters hang' {
    BeforeAll { $env:TRACARBON_STOP_TIMEOUT_SECONDS = '1' }
    AfterAll { Remove-Item Env:TRACARBON_STOP_TIMEOUT_SECONDS -ErrorAction SilentlyContinue }

    It 'stops them together: each measures until the request, not while the others wait out their timeout' {
        foreach ($n in 'hang-a', 'hang-b', 'hang-c') {
            Start-CarbonTracking -Name $n -IntervalSeconds 0.1 -Country FR -Exporter { param($s) Start-Sleep -Seconds 600 }
        }
        Start-Sleep -Milliseconds 500
        $rows = Stop-CarbonTracking -Name hang-a, hang-b, hang-c -WarningAction SilentlyContinue |
            Where-Object Component -EQ 'Host'
        $rows.SessionName | Should -Be @('hang-a', 'hang-b', 'hang-c')
        # One after the other, hang-b's measurement would have ended 1 s after hang-a's and hang-c's 2 s after.
        $ends = $rows | ForEach-Object { $_.EndTime.ToUnixTimeMilliseconds() } | Measure-Object -Maximum -Minimum
        ($ends.Maximum - $ends.Minimum) | Should -BeLessThan 500
        $rows | ForEach-Object { $_.Errors | Should -BeGreaterOrEqual 1 }
        $rows | ForEach-Object { $_.ErrorMessages | Should -BeLike '*did not finish within 1 s*' }
    }

    It 'refuses a stop timeout that is not a number of seconds' {
        $env:TRACARBON_STOP_TIMEOUT_SECONDS = 'soon'
        try {
            Get-ErrorId { Start-CarbonTracking -Country FR } | Should -Be 'InvalidEnvironmentVariable'
        } finally { $env:TRACARBON_STOP_TIMEOUT_SECONDS = '1' }
    }
}
