BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'The module''s private assembly load context' {
    It 'keeps its own CsvHelper when another version was loaded first' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
        # CsvHelper 34 changed CsvWriterOptions' setters: code built against 33.1 that binds to 34 fails
        # with MissingMethodException. Load 34 into the default context first, as another module would.
        $nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
        $other = Join-Path $nuget 'csvhelper/34.0.0/lib/net8.0/CsvHelper.dll'
        $other | Should -Exist
        $csv = Join-Path $TestDrive 'isolated.csv'
        $command = "`$ErrorActionPreference = 'Stop'; " +
            "`$null = [Reflection.Assembly]::LoadFrom('$other'); " +
            "Import-Module `$env:TRACARBON_TEST_MODULE; " +
            "Start-CarbonTracking -Exporter Csv -Path '$csv' -IntervalSeconds 0.05 -Country FR; " +
            "Start-Sleep -Milliseconds 400; " +
            "`$rows = Stop-CarbonTracking; " +
            "'errors=' + (`$rows | Measure-Object Errors -Sum).Sum; " +
            "[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'CsvHelper' } | " +
            "ForEach-Object { 'csvhelper=' + `$_.GetName().Version }"
        $out = Join-Path $TestDrive 'isolated.txt'
        $child = Start-ChildPwsh -Command $command -StdOut $out
        $child.WaitForExit(60000) | Should -BeTrue

        $lines = Get-Content $out
        $child.ExitCode | Should -Be 0 -Because ($lines -join "`n")
        $lines | Should -Contain 'errors=0'
        # Both versions live side by side: the other module's 34 and our 33.1 (assembly version 33.0.0.0).
        ($lines | Where-Object { $_ -like 'csvhelper=*' } | Sort-Object) | Should -Be @('csvhelper=33.0.0.0', 'csvhelper=34.0.0.0')
        $rows = Import-Csv $csv
        $rows.Count | Should -BeGreaterOrEqual 9
        $rows[0].component | Should -Be 'host'
    }
}
