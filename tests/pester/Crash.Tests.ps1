BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'A tracked process killed mid-session' {
    It 'leaves every complete CSV row parseable after SIGKILL, with its header once' -Skip:(-not $IsLinux) {
        $path = Join-Path $TestDrive 'killed.csv'
        $command = "Import-Module `$env:TRACARBON_TEST_MODULE; " +
            "Start-CarbonTracking -Exporter Csv -Path '$path' -IntervalSeconds 0.02 -Country FR; " +
            'Start-Sleep -Seconds 60'
        $child = Start-ChildPwsh -Command $command -StdOut (Join-Path $TestDrive 'child-csv.txt')
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (((Get-Content $path -ErrorAction SilentlyContinue) | Measure-Object).Count -lt 31 -and
                [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
        } finally {
            & kill -9 $child.Id
            $child.WaitForExit()
        }

        $lines = Get-Content $path
        $lines.Count | Should -BeGreaterOrEqual 31
        ($lines | Where-Object { $_ -like 'timestamp,*' }).Count | Should -Be 1
        # At most the last line can be torn; every other row has the header's 10 fields.
        $rows = $lines | Select-Object -First ($lines.Count - 1) | ConvertFrom-Csv
        $rows.Count | Should -Be ($lines.Count - 2)
        foreach ($row in $rows) {
            $row.component | Should -BeIn @('host', 'cpu', 'memory')
            [double]$row.energy_joules | Should -BeGreaterOrEqual 0
            $row.location | Should -Be 'FR'
        }
    }


    It 'leaves every complete JSON line parseable after SIGKILL' -Skip:(-not $IsLinux) {
        $path = Join-Path $TestDrive 'killed.jsonl'
        $command = "Import-Module `$env:TRACARBON_TEST_MODULE; " +
            "Start-CarbonTracking -Exporter Json -Path '$path' -IntervalSeconds 0.02 -Country FR; " +
            'Start-Sleep -Seconds 60'
        $child = Start-ChildPwsh -Command $command -StdOut (Join-Path $TestDrive 'child.txt')
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (((Get-Content $path -ErrorAction SilentlyContinue) | Measure-Object).Count -lt 60 -and
                [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
        } finally {
            & kill -9 $child.Id
            $child.WaitForExit()
        }

        $lines = Get-Content $path
        $lines.Count | Should -BeGreaterOrEqual 60
        $complete = $lines | Where-Object { $_.EndsWith('}') }
        # At most the very last line can be torn by the kill.
        ($lines.Count - $complete.Count) | Should -BeLessOrEqual 1
        foreach ($line in $complete) {
            $record = $line | ConvertFrom-Json
            $record.metric_name | Should -Match '^tracarbon\.(energy_consumption|carbon_emission)_(host|cpu|memory)$'
        }
    }
}
