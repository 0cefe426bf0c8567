BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Invoke-CarbonTracking' {
    It 'tracks in the foreground for -Duration and writes the report' {
        $report = Invoke-CarbonTracking -Duration '00:00:01.5' -IntervalSeconds 0.25 -Country FR -ProgressAction SilentlyContinue
        $report.Component | Should -Be @('Host', 'Cpu', 'Memory')
        $hostRow = $report[0]
        # 1.5 s at 0.25 s: six ticks, then the stop's sample lands on the last tick (no interval left).
        $hostRow.Samples | Should -BeIn @(6, 7)
        $hostRow.DurationSeconds | Should -BeGreaterOrEqual 1.5
        $hostRow.DurationSeconds | Should -BeLessThan 3
        $hostRow.SessionName | Should -Be 'Invoke'
    }

    It 'reads a bare number as seconds, not as ticks of 100 ns' {
        $report = Invoke-CarbonTracking -Duration 1.5 -IntervalSeconds 0.25 -Country FR -ProgressAction SilentlyContinue
        $report[0].Samples | Should -BeIn @(6, 7)
        $report[0].DurationSeconds | Should -BeGreaterOrEqual 1.5
        $report[0].DurationSeconds | Should -BeLessThan 3
        Get-ErrorId { Invoke-CarbonTracking -Duration 0 -Country FR } | Should -Be 'InvalidDuration'
        Get-ErrorId { Invoke-CarbonTracking -Duration -3 -Country FR } | Should -Be 'InvalidDuration'
        Get-ErrorId { Invoke-CarbonTracking -Duration $null -Country FR } | Should -Be 'InvalidDuration'
    }

    It 'reads a number given as text as seconds too, not as days' {
        $report = Invoke-CarbonTracking -Duration '1.5' -IntervalSeconds 0.25 -Country FR -ProgressAction SilentlyContinue
        $report[0].DurationSeconds | Should -BeGreaterOrEqual 1.5
        $report[0].DurationSeconds | Should -BeLessThan 3
        $err = $null
        try { Invoke-CarbonTracking -Duration '1s' -Country FR -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,Tracarbon.PowerShell.Commands.InvokeCarbonTrackingCommand'
        $err.Exception.Message | Should -BeLike "*'1s' is neither a number of seconds nor a time span: give 90, 1.5 or '00:10:00'.*"
    }

    It 'takes its interval from TRACARBON_INTERVAL_IN_SECONDS when -IntervalSeconds is not given' {
        $env:TRACARBON_INTERVAL_IN_SECONDS = '0.5'
        try {
            $report = Invoke-CarbonTracking -Duration '00:00:01' -Country FR -ProgressAction SilentlyContinue
        } finally {
            Remove-Item Env:TRACARBON_INTERVAL_IN_SECONDS
        }
        $report[0].Samples | Should -BeIn @(2, 3)
    }

    It 'refuses a malformed TRACARBON_INTERVAL_IN_SECONDS' {
        $env:TRACARBON_INTERVAL_IN_SECONDS = 'soon'
        try {
            Get-ErrorId { Invoke-CarbonTracking -Duration '00:00:01' -Country FR } | Should -Be 'InvalidInterval'
        } finally {
            Remove-Item Env:TRACARBON_INTERVAL_IN_SECONDS
        }
    }

    It 'prints a line a second at TRACARBON_LOG_LEVEL=INFO and refuses an unknown level' {
        $env:TRACARBON_LOG_LEVEL = 'info'
        try {
            $null = Invoke-CarbonTracking -Duration '00:00:02.2' -IntervalSeconds 0.25 -Country FR `
                -InformationVariable lines -ProgressAction SilentlyContinue 6>$null
            $env:TRACARBON_LOG_LEVEL = 'chatty'
            Get-ErrorId { Invoke-CarbonTracking -Duration '00:00:01' -Country FR } | Should -Be 'InvalidEnvironmentVariable'
        } finally {
            Remove-Item Env:TRACARBON_LOG_LEVEL
        }
        $lines.Count | Should -BeIn @(2, 3)
        $lines[0].MessageData.ToString() | Should -Match '^tracarbon: \d+ s elapsed, [\d.]+ W average'
    }

    It 'refuses a duration that is not positive' {
        Get-ErrorId { Invoke-CarbonTracking -Duration '-00:00:01' -Country FR } | Should -Be 'InvalidDuration'
    }

    It 'stops on SIGTERM, writes the complete report and exits 0' -Skip:(-not $IsLinux) {
        $path = Join-Path $TestDrive 'service.jsonl'
        $out = Join-Path $TestDrive 'service.csv'
        $command = "Import-Module `$env:TRACARBON_TEST_MODULE; " +
            "Invoke-CarbonTracking -Exporter Json -Path '$path' -IntervalSeconds 0.1 -Country FR | ConvertTo-Csv"
        $child = Start-ChildPwsh -Command $command -StdOut $out
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (((Get-Content $path -ErrorAction SilentlyContinue) | Measure-Object).Count -lt 30 -and
            [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 50
        }

        & kill -TERM $child.Id
        $child.WaitForExit(20000) | Should -BeTrue
        $child.ExitCode | Should -Be 0
        $rows = Get-Content $out | ConvertFrom-Csv
        $rows.Component | Should -Be @('Host', 'Cpu', 'Memory')
        $records = (Get-Content $path).Count
        # Every sample of the report is in the file: 6 records per tick (3 components x 2 metrics).
        [int]$rows[0].Samples * 6 | Should -Be $records
        [double]$rows[0].EnergyJoules | Should -BeGreaterThan 0
    }
}
