BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'The demo on this machine' {
    It 'measures non-zero host energy and emissions from the real /proc' -Skip:(-not $IsLinux) {
        $report = & (Join-Path $RepoRoot 'tools/Invoke-Demo.ps1') -ModulePath $ModulePath -Seconds 3 -PassThru
        $hostRow = $report | Where-Object Component -EQ 'Host'
        $hostRow.EnergyKilowattHours | Should -BeGreaterThan 0
        $hostRow.EmissionsGrams | Should -BeGreaterThan 0
        $hostRow.Samples | Should -BeGreaterOrEqual 3
        ($report | Where-Object Component -EQ 'Cpu').PowerSource | Should -Match 'estimate'
    }
}
