BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # The facts of a PE file that tell IL from ReadyToRun code, read without loading it.
    function Read-PEFacts([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try {
            $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
            $headers = $pe.PEHeaders
            $native = $headers.CorHeader.ManagedNativeHeaderDirectory
            $metadata = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            [pscustomobject]@{
                Machine             = [int]$headers.CoffHeader.Machine
                ILOnly              = $headers.CorHeader.Flags.HasFlag([Reflection.PortableExecutable.CorFlags]::ILOnly)
                ReadyToRunSignature = if ($native.Size -gt 0) {
                    $pe.GetSectionData($native.RelativeVirtualAddress).GetReader().ReadUInt32()
                }
                Mvid                = $metadata.GetGuid($metadata.GetModuleDefinition().Mvid)
            }
        } finally {
            $stream.Dispose()
        }
    }
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

    It 'ships the engine precompiled for linux-x64 beside the IL copy that other hosts load' {
        $base = (Get-Module Tracarbon).ModuleBase
        $il = Read-PEFacts (Join-Path $base 'dependencies/Tracarbon.dll')
        $precompiled = Read-PEFacts (Join-Path $base 'dependencies/linux-x64/Tracarbon.dll')

        # The IL copy is what Windows PowerShell 5.1 and other platforms load: no native code at all.
        $il.ILOnly | Should -BeTrue
        $il.ReadyToRunSignature | Should -BeNullOrEmpty
        # The precompiled copy: a ReadyToRun header ('RTR') for x64 (0x8664) on Linux (0x7B79, crossgen2's
        # discriminator for a Linux image), from the same compilation as the IL copy (same module id).
        $precompiled.ILOnly | Should -BeFalse
        $precompiled.ReadyToRunSignature | Should -Be 0x00525452
        $precompiled.Machine | Should -Be (0x8664 -bxor 0x7B79)
        $precompiled.Mvid | Should -Be $il.Mvid

        # What every host loads stays IL: the cmdlets' assembly (Windows PowerShell 5.1 included) and the load
        # context's (PowerShell 7 on any system; .NET refuses a ReadyToRun image built for another one).
        (Read-PEFacts (Join-Path $base 'Tracarbon.PowerShell.dll')).ILOnly | Should -BeTrue
        (Read-PEFacts (Join-Path $base 'Tracarbon.LoadContext.dll')).ILOnly | Should -BeTrue
    }

    It 'runs the first Get-CarbonIntensity on the precompiled engine on Linux x64, on the IL elsewhere' -Skip:(
        $PSVersionTable.PSEdition -ne 'Core') {
        # The runtime lists every method its JIT compiles; ReadyToRun code that it accepted is not among them.
        # The list goes to standard output, and the command's answers to a file, since the runtime's lines
        # and PowerShell's would cut into each other: sent to a file of its own (DOTNET_JitStdOutFile), the
        # runtime sometimes aborts while closing that file at exit, with or without this module loaded
        # (about 1 run in 10 here).
        $out = Join-Path $TestDrive 'first-call.txt'
        $result = Join-Path $TestDrive 'first-call.result'
        $command = "`$ErrorActionPreference = 'Stop'; Import-Module `$env:TRACARBON_TEST_MODULE; " +
            "`$value = (Get-CarbonIntensity -Country FR).IntensityGramsPerKilowattHour; " +
            "`$engine = ([AppDomain]::CurrentDomain.GetAssemblies() | " +
            "Where-Object { `$_.GetName().Name -eq 'Tracarbon' }).Location; " +
            "Set-Content '$result' `$value, `$engine"
        $child = Start-ChildPwsh -Command $command -StdOut $out -Environment @{ DOTNET_JitDisasmSummary = '1' }
        $child.WaitForExit(60000) | Should -BeTrue

        $jitted = @(Get-Content $out)
        $lines = @(Get-Content $result)
        $child.ExitCode | Should -Be 0 -Because ($lines -join "`n")
        [double]$lines[0] | Should -Be 56.039
        # The list works: the cmdlet's own code (IL) is compiled there.
        $cmdlet = $jitted -match 'Tracarbon\.PowerShell\.Commands\.GetCarbonIntensityCommand:ProcessRecord'
        @($cmdlet).Count | Should -BeGreaterThan 0
        # The table's reader and parser both ran by now. A method that ran hot may
        # be compiled again, optimised, in the background (Tier1, instrumented or not) after its precompiled
        # code ran: that is the runtime working as designed, not precompiled code it refused.
        $engine = $jitted -match ' Tracarbon\.(Carbon|Platform)\.' -notmatch '\[(Instrumented )?Tier1'
        $linuxX64 = $IsLinux -and [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'X64'
        if ($linuxX64) {
            $lines[1] | Should -Be (Join-Path (Get-Module Tracarbon).ModuleBase 'dependencies/linux-x64/Tracarbon.dll')
            @($engine) | Should -BeNullOrEmpty
        } else {
            $lines[1] | Should -Be (Join-Path (Get-Module Tracarbon).ModuleBase 'dependencies/Tracarbon.dll')
            @($engine).Count | Should -BeGreaterThan 0
        }
    }
}
