BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Faults around a session' {
    It 'goes on when its file''s disk is full, and counts every tick it could not write' -Skip:(-not (Test-Path /dev/full)) {
        Start-CarbonTracking -Exporter Json -Path /dev/full -IntervalSeconds 0.05 -Country FR
        Start-Sleep -Milliseconds 500
        $rows = Stop-CarbonTracking -WarningVariable warns -WarningAction SilentlyContinue
        $hostRow = $rows | Where-Object Component -EQ Host
        $hostRow.Samples | Should -BeGreaterOrEqual 5
        $hostRow.EnergyJoules | Should -BeGreaterThan 0
        # Each sample's write failed (and the final flush): nothing was silently lost.
        $hostRow.Errors | Should -BeGreaterOrEqual $hostRow.Samples
        $hostRow.ErrorMessages | Should -Match 'No space left on device'
        $warns.Count | Should -Be 1
    }

    It 'keeps measuring when a script-block exporter blocks for ten intervals' {
        $rows = Measure-CarbonEmission -IntervalSeconds 0.02 -Country FR -Exporter { param($s) Start-Sleep -Milliseconds 200 } {
            Start-Sleep -Milliseconds 600
        }
        $hostRow = $rows | Where-Object Component -EQ Host
        # 0.6 s at 20 ms: about 30 ticks, not the 3 a blocked sampler would manage; the export queue
        # (64 samples) absorbs what the slow block cannot take.
        $hostRow.Samples | Should -BeGreaterOrEqual 20
        $hostRow.SkippedTicks | Should -BeLessOrEqual 5
    }
}
