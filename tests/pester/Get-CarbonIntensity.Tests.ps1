BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Get-CarbonIntensity' {
    It 'answers FR from the offline table' {
        $fr = Get-CarbonIntensity -Country FR
        $fr.PSObject.TypeNames[0] | Should -Be 'Tracarbon.CarbonIntensity'
        $fr.Country | Should -Be 'FR'
        $fr.CountryName | Should -Be 'France'
        $fr.IntensityGramsPerKilowattHour | Should -Be 56.039
        $fr.Year | Should -Be 2023
    }

    It 'takes several codes, in any case, from the pipeline' {
        $all = 'fr', 'DE', 'gb' | Get-CarbonIntensity
        $all.Country | Should -Be @('FR', 'DE', 'GB')
    }

    It 'writes UnknownCountry for a bad code and still answers the others' {
        $all = Get-CarbonIntensity -Country FR, UK2, DE -ErrorVariable errs -ErrorAction SilentlyContinue
        $all.Country | Should -Be @('FR', 'DE')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UnknownCountry,*'
        $errs[0].TargetObject | Should -Be 'UK2'
    }

    It 'gives a piped location''s cloud region figure, or its country''s' {
        $region = Get-CarbonLocation -Region aws:eu-west-3 | Get-CarbonIntensity
        $region.Country | Should -Be 'aws:eu-west-3'
        $region.IntensityGramsPerKilowattHour | Should -Be 52
        $country = Get-CarbonLocation -Country DE | Get-CarbonIntensity
        $country.Country | Should -Be 'DE'
        $country.IntensityGramsPerKilowattHour | Should -Be (Get-CarbonIntensity -Country DE).IntensityGramsPerKilowattHour
    }

    It 'gives the world average with a warning when no country is given' {
        $world = Get-CarbonIntensity -WarningVariable warns -WarningAction SilentlyContinue
        $world.Country | Should -Be 'World'
        [Math]::Abs($world.IntensityGramsPerKilowattHour - 480.6174) | Should -BeLessThan 1e-4
        $warns.Count | Should -Be 1
    }
}
