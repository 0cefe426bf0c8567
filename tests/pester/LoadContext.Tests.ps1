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

    It 'ships no library that needs a newer runtime assembly than this PowerShell has' -Skip:(
        $PSVersionTable.PSEdition -ne 'Core') {
        # The load context takes what the runtime provides from the runtime. A package that references a
        # newer version (OpenTelemetry 1.21 wants DiagnosticSource 11.0 beside .NET 10's 10.0) would fail
        # to load only when first used; this reads every reference without loading anything.
        $platform = @{}
        foreach ($path in [AppContext]::GetData('TRUSTED_PLATFORM_ASSEMBLIES') -split [IO.Path]::PathSeparator) {
            $name = [IO.Path]::GetFileNameWithoutExtension($path)
            $platform[$name] = [Reflection.AssemblyName]::GetAssemblyName($path).Version
        }
        $dependencies = Get-ChildItem (Join-Path (Get-Module Tracarbon).ModuleBase 'dependencies') -Filter *.dll
        $tooNew = foreach ($file in $dependencies) {
            $stream = [IO.File]::OpenRead($file.FullName)
            try {
                $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
                $metadata = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
                foreach ($handle in $metadata.AssemblyReferences) {
                    $reference = $metadata.GetAssemblyReference($handle)
                    $name = $metadata.GetString($reference.Name)
                    if ($platform.ContainsKey($name) -and $reference.Version -gt $platform[$name]) {
                        "$($file.Name) needs $name $($reference.Version); the runtime has $($platform[$name])"
                    }
                }
            } finally {
                $stream.Dispose()
            }
        }

        $dependencies.Name | Should -Contain 'OpenTelemetry.dll'
        @($tooNew) | Should -BeNullOrEmpty
    }
}
