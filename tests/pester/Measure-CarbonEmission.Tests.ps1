BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Measure-CarbonEmission' {
    It 'samples a one-second block at least ten times and reports its cost' {
        $report = Measure-CarbonEmission { Start-Sleep -Seconds 1 } -Country FR
        $hostRow = $report | Where-Object Component -EQ 'Host'
        $hostRow.Samples | Should -BeGreaterOrEqual 10
        $hostRow.DurationSeconds | Should -BeGreaterOrEqual 1
        $hostRow.EnergyJoules | Should -BeGreaterThan 0
        [Math]::Abs($hostRow.EmissionsGrams - $hostRow.EnergyKilowattHours * 56.039) | Should -BeLessThan 1e-15
    }

    It 'runs the block in the caller''s scope, like Measure-Command' {
        $answer = 0
        $null = Measure-CarbonEmission { $answer = 42 } -Country FR
        $answer | Should -Be 42
    }

    It 'passes the block''s error on and leaves no session running' {
        { Measure-CarbonEmission { throw 'boom' } -Country FR } | Should -Throw '*boom*'
        Get-CarbonTrackingSession | Should -BeNullOrEmpty
    }
}

Describe 'Get-CarbonTrackingSession and Get-CarbonSample' {
    AfterEach {
        Get-CarbonTrackingSession | Stop-CarbonTracking | Out-Null
    }

    It 'lists several named sessions and stops them from the pipeline' {
        Start-CarbonTracking -Name build -IntervalSeconds 0.1 -Country FR
        Start-CarbonTracking -Name test -IntervalSeconds 0.1 -Country DE
        $sessions = Get-CarbonTrackingSession
        $sessions.Name | Sort-Object | Should -Be @('build', 'test')
        $sessions[0].State | Should -Be 'Running'
        (Get-CarbonTrackingSession -Name b*).Name | Should -Be 'build'

        $rows = Get-CarbonTrackingSession | Stop-CarbonTracking
        ($rows | Where-Object Component -EQ Host).SessionName | Sort-Object | Should -Be @('build', 'test')
        Get-CarbonTrackingSession | Should -BeNullOrEmpty
    }

    It 'returns recent samples, one per component and interval, that add up to the report' {
        Start-CarbonTracking -Name samples -IntervalSeconds 0.05 -Country FR
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while ((Get-CarbonTrackingSession -Name samples).Samples -lt 5 -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 20
        }
        $few = Get-CarbonSample -Name samples -Last 2
        $few.Count | Should -Be 6
        $few[0].PSObject.TypeNames[0] | Should -Be 'Tracarbon.CarbonSample'

        $rows = Stop-CarbonTracking -Name samples
        Get-ErrorId { Get-CarbonSample -Name samples -ErrorAction Stop } | Should -Be 'TrackingNotStarted'
        $rows | Should -Not -BeNullOrEmpty
    }

    It 'repeats the background errors of its session as warnings, as Stop-CarbonTracking does' {
        $report = Measure-CarbonEmission { Start-Sleep -Milliseconds 400 } -Country FR -IntervalSeconds 0.1 `
            -Exporter { param($s) throw 'exporter down' } -WarningVariable warned -WarningAction SilentlyContinue
        $hostRow = $report | Where-Object Component -EQ 'Host'
        $hostRow.Errors | Should -BeGreaterOrEqual 4
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -BeLike "Session 'Measure-*': exporter 'ScriptBlock*exporter down*"
    }
}
