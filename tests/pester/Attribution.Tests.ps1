BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Who used the energy' {
    It 'splits the host between a piped process and Unattributed, adding up exactly' {
        Get-Process -Id $PID | Start-CarbonTracking -IntervalSeconds 0.05 -Country FR
        $x = 0; foreach ($i in 1..1500000) { $x += $i }
        $rows = Stop-CarbonTracking

        $me = "$((Get-Process -Id $PID).ProcessName) ($PID)"
        $rows.Workload | Select-Object -Unique | Should -Be @('Host', $me, 'Unattributed')
        foreach ($component in 'Host', 'Cpu', 'Memory') {
            $machine = ($rows | Where-Object { $_.Workload -eq 'Host' -and $_.Component -eq $component }).EnergyJoules
            $parts = ($rows | Where-Object { $_.Workload -ne 'Host' -and $_.Component -eq $component } |
                Measure-Object EnergyJoules -Sum).Sum
            # Attributed plus unattributed is the host, to 1e-9 relative.
            [Math]::Abs($parts - $machine) | Should -BeLessOrEqual (1e-9 * $machine) -Because $component
        }
        $mine = $rows | Where-Object { $_.Workload -eq $me -and $_.Component -eq 'Cpu' }
        # This process kept a core busy: a real share of the CPU energy, but not more than all of it.
        $mine.EnergyJoules | Should -BeGreaterThan 0
        $mine.PowerSource | Should -Be "CPU-time share of the host's CPU energy"
    }

    It 'measures a block with -Scope Process as this process''s share only' {
        $rows = Measure-CarbonEmission { $x = 0; foreach ($i in 1..1000000) { $x += $i } } -Scope Process -Country FR
        $rows.Component | Should -Be @('Host', 'Cpu', 'Memory')
        $rows.Workload | Sort-Object -Unique | Should -Be "$((Get-Process -Id $PID).ProcessName) ($PID)"
        $rows[0].EnergyJoules | Should -BeGreaterThan 0
        [Math]::Abs($rows[0].EnergyJoules - $rows[1].EnergyJoules - $rows[2].EnergyJoules) | Should -BeLessThan 1e-9
    }

    It 'splits the machine scope of Measure-CarbonEmission between -Process and the rest' {
        $me = "$((Get-Process -Id $PID).ProcessName) ($PID)"
        $rows = Measure-CarbonEmission { $x = 0; foreach ($i in 1..300000) { $x += $i } } -Process $PID -Country FR
        ($rows.Workload | Sort-Object -Unique) | Should -Be (@('Host', $me, 'Unattributed') | Sort-Object)
        foreach ($component in 'Host', 'Cpu', 'Memory') {
            $host_ = $rows | Where-Object { $_.Workload -eq 'Host' -and $_.Component -eq $component }
            $parts = $rows | Where-Object { $_.Workload -ne 'Host' -and $_.Component -eq $component }
            [Math]::Abs($host_.EnergyJoules - ($parts | Measure-Object EnergyJoules -Sum).Sum) | Should -BeLessThan 1e-9
        }
    }

    It 'keeps a command-line -Process when the pipeline brings nothing, or brings processes too' {
        $me = "$((Get-Process -Id $PID).ProcessName) ($PID)"
        @() | Start-CarbonTracking -Name empty -Process $PID -Country FR -IntervalSeconds 0.05
        Start-Sleep -Milliseconds 200
        $rows = Stop-CarbonTracking -Name empty
        ($rows.Workload | Sort-Object -Unique) | Should -Be (@('Host', $me, 'Unattributed') | Sort-Object)

        $child = Start-Process sleep -ArgumentList 30 -PassThru
        try {
            $child | Start-CarbonTracking -Name both -Probe Estimator -Country FR -IntervalSeconds 0.05
            Start-Sleep -Milliseconds 200
            $rows = Stop-CarbonTracking -Name both
            ($rows.Workload | Sort-Object -Unique) | Should -Be (@('Host', "sleep ($($child.Id))", 'Unattributed') | Sort-Object)
        } finally {
            $child | Stop-Process -Force
        }
    }

    It 'refuses a process that does not exist' {
        Get-ErrorId { Start-CarbonTracking -Process 'no-such-process-tracarbon' -Country FR } |
            Should -Be 'ProcessNotFound'
    }
}
