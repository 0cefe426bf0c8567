BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:formatFile = Join-Path (Get-Module Tracarbon).ModuleBase 'Tracarbon.Format.ps1xml'
    $script:views = ([xml](Get-Content $formatFile -Raw)).Configuration.ViewDefinitions.View
}

Describe 'Default views' {
    It 'has a view keyed on the full type name of every type a cmdlet declares it writes' {
        $declared = Get-Command -Module Tracarbon | ForEach-Object { $_.OutputType.Name } |
            Where-Object { $_ -like 'Tracarbon.*' } | Sort-Object -Unique
        $declared.Count | Should -BeGreaterOrEqual 8
        $keyed = $views.ViewSelectedBy.TypeName
        foreach ($type in $declared) {
            $keyed | Should -Contain $type -Because "$type is written by a cmdlet"
        }
    }

    It 'puts units in the column headers of the numeric columns' {
        $report = $views | Where-Object Name -EQ 'Tracarbon.ComponentReport'
        $labels = $report.TableControl.TableHeaders.TableColumnHeader.Label
        $labels | Should -Contain 'Avg power (W)'
        $labels | Should -Contain 'Energy (Wh)'
        $labels | Should -Contain 'CO2 (g)'
        $labels | Should -Contain 'Intensity (g/kWh)'
    }

    It 'shows whose row it is when a session split its energy between workloads' {
        $rows = Measure-CarbonEmission { Start-Sleep -Milliseconds 100 } -Process $PID -Country FR
        $rows[0].PSObject.TypeNames[0] | Should -Be 'Tracarbon.ComponentReport#Workload'
        $text = $rows | Format-Table | Out-String -Width 200
        $text | Should -Match 'Workload'
        $text | Should -Match ([regex]::Escape("($PID)"))
        $text | Should -Match 'Unattributed'
        $plain = Measure-CarbonEmission { Start-Sleep -Milliseconds 100 } -Country FR
        $plain[0].PSObject.TypeNames[0] | Should -Be 'Tracarbon.ComponentReport'
        ($plain | Format-Table | Out-String -Width 200) | Should -Not -Match 'Workload'
    }

    It 'heads a column shown under a bare name with the name of its property, so it can be typed back' {
        $mismatched = foreach ($view in $views) {
            $table = $view.TableControl
            if (-not $table) { continue }
            $labels = @($table.TableHeaders.TableColumnHeader | ForEach-Object { $_.Label })
            $items = @($table.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
            for ($i = 0; $i -lt $items.Count; $i++) {
                $property = $items[$i].PropertyName
                if ($property -and $labels[$i] -match '^\w+$' -and $labels[$i] -ne $property) {
                    "$($view.Name): '$($labels[$i])' shows $property"
                }
            }
        }

        $mismatched | Should -BeNullOrEmpty
    }

    It 'shows the session name under SessionName, the header Format-Table takes back' {
        $rows = Measure-CarbonEmission { Start-Sleep -Milliseconds 50 } -Country FR

        $default = ($rows | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() }
        $default[0] | Should -Match '^SessionName\s+Component\s'
        $picked = ($rows | Format-Table SessionName, Component | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() }
        $picked[0] | Should -Match '^SessionName\s+Component$'
        $picked[2] | Should -Match "^$([regex]::Escape($rows[0].SessionName))\s+Host$"
    }

    It 'keeps every property for Select-Object * and Export-Csv' {
        $row = Measure-CarbonEmission { Start-Sleep -Milliseconds 100 } -Country FR | Select-Object -First 1
        $names = ($row | Select-Object *).PSObject.Properties.Name
        foreach ($p in 'EnergyJoules', 'EnergyKilowattHours', 'PowerSource', 'IntensitySource', 'ErrorMessages', 'OverheadCpuSeconds') {
            $names | Should -Contain $p
        }
        ($row | ConvertTo-Csv | Select-Object -First 1) | Should -Match '"OverheadCpuSeconds"'
    }
}
