@{
    RootModule           = 'Tracarbon.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0c6a3e-6f1b-4f0e-9a57-2b7f3c9d8e41'
    Author               = 'Tracarbon for PowerShell contributors'
    CompanyName          = 'Tracarbon for PowerShell'
    Copyright            = '(c) 2026 Tracarbon for PowerShell contributors. Apache-2.0.'
    Description          = 'Measures the power a machine draws and the CO2 its electricity emits, from PowerShell.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('Tracarbon.Format.ps1xml')
    # One statement, the names separated by commas: a list of one name per line is a block of statements,
    # which PowerShell compiles to evaluate, and that costs every Import-Module milliseconds (bench/RESULTS.md).
    CmdletsToExport      = @(
        'Start-CarbonTracking', 'Stop-CarbonTracking', 'Get-CarbonIntensity', 'Get-CarbonProbe', 'Get-CarbonPower',
        'Invoke-CarbonTracking', 'Get-CarbonTrackingSession', 'Get-CarbonSample', 'Measure-CarbonEmission',
        'Get-CarbonLocation', 'New-CarbonExporter', 'Get-CarbonExporter', 'Export-CarbonReport'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('carbon', 'energy', 'power', 'emissions', 'co2', 'sustainability', 'rapl')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ReleaseNotes = 'First release: background tracking of CPU and memory power with offline grid intensity.'
        }
    }
}
