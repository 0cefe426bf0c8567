BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $module = Get-Module Tracarbon

    # One entry per exported cmdlet, and per parameter, so that a failure names what lacks help.
    $script:CmdletCases = @($module.ExportedCmdlets.Values | Sort-Object Name |
            ForEach-Object { @{ Name = $_.Name } })
    $script:ParameterCases = @(foreach ($cmd in $module.ExportedCmdlets.Values | Sort-Object Name) {
            $cmd.ParameterSets.Parameters.Name | Select-Object -Unique | Where-Object { $common -notcontains $_ } |
                ForEach-Object { @{ Command = $cmd.Name; Parameter = $_ } }
        })

    # Every error id the cmdlet layer can raise: the id is the first argument of InvalidArgument(...) and
    # the string just before the ErrorCategory in ErrorRecords.Create(...).
    $sources = Get-ChildItem (Join-Path $script:RepoRoot 'src/Tracarbon.PowerShell') -Filter *.cs -Recurse |
        Where-Object FullName -NotMatch '[\\/](bin|obj)[\\/]' | Get-Content -Raw
    $ids = foreach ($text in $sources) {
        [regex]::Matches($text, 'ErrorRecords\.InvalidArgument\(\s*"(\w+)"') | ForEach-Object { $_.Groups[1].Value }
        [regex]::Matches($text, '"(\w+)"\s*,\s*ErrorCategory\.') | ForEach-Object { $_.Groups[1].Value }
    }
    $script:ErrorIdCases = @($ids | Sort-Object -Unique | ForEach-Object { @{ ErrorId = $_ } })

    $allSources = Get-ChildItem (Join-Path $script:RepoRoot 'src') -Filter *.cs -Recurse |
        Where-Object FullName -NotMatch '[\\/](bin|obj)[\\/]' | Get-Content -Raw
    $variables = foreach ($text in $allSources) {
        [regex]::Matches($text, 'TRACARBON_[A-Z0-9_]*[A-Z0-9]') | ForEach-Object { $_.Value }
    }
    $script:VariableCases = @($variables | Sort-Object -Unique | ForEach-Object { @{ Variable = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:DocsPath = Join-Path $script:RepoRoot 'docs'

    function Get-HelpText($Paragraphs) {
        (@($Paragraphs) | Where-Object { $_ } | ForEach-Object { $_.Text }) -join "`n"
    }

    # The '- Key: value' facts under each '### -Name' heading of a page's PARAMETERS section.
    function Get-PageFact([string] $Command) {
        $facts = @{}
        $inParameters = $false
        $current = $null
        foreach ($line in Get-Content (Join-Path $script:DocsPath "$Command.md")) {
            if ($line -match '^##\s+(.+?)\s*$') {
                $inParameters = $Matches[1] -eq 'PARAMETERS'
                $current = $null
                continue
            }
            if (-not $inParameters) { continue }
            if ($line -match '^###\s+-(\S+)') { $current = @{}; $facts[$Matches[1]] = $current; continue }
            $keys = 'Type|Required|Position|Default value|Accepted values|Pipeline input|Wildcards'
            if ($null -ne $current -and $line -match "^-\s+($keys):\s*(.*?)\s*$") {
                $current[$Matches[1]] = $Matches[2]
            }
        }
        $facts
    }

    # The same facts as the cmdlet declares them, in the words the pages use.
    function Get-DeclaredFact([string] $Command, [string] $Parameter) {
        # A set where the parameter is declared DontShow (bound only to give a clear error) is not
        # one the page describes.
        $inSets = @((Get-Command $Command).ParameterSets | ForEach-Object {
                $set = $_.Name
                $_.Parameters | Where-Object Name -EQ $Parameter | Where-Object {
                    -not ($_.Attributes | Where-Object {
                            $_ -is [System.Management.Automation.ParameterAttribute] -and
                            $_.ParameterSetName -eq $set -and $_.DontShow })
                }
            })
        $type = $inSets[0].ParameterType
        $inner = [Nullable]::GetUnderlyingType($type)
        if ($inner) { $type = $inner }
        $pipeline = @($inSets | ForEach-Object {
                $by = @(if ($_.ValueFromPipeline) { 'ByValue' }
                    if ($_.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
                if ($by.Count) { "True ($($by -join ', '))" } else { 'False' }
            } | Select-Object -Unique)
        @{
            'Type' = $type.Name
            'Required' = [string](@($inSets | Where-Object { -not $_.IsMandatory }).Count -eq 0)
            'Position' = (@($inSets | ForEach-Object { if ($_.Position -lt 0) { 'named' } else { "$($_.Position)" } } |
                        Select-Object -Unique) -join ', ')
            'Pipeline input' = $pipeline -join ', '
            'Wildcards' = [string][bool]($inSets.Attributes |
                    Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        }
    }
}

Describe 'Help of <Name>' -ForEach $CmdletCases {
    BeforeAll {
        $help = Get-Help $Name -Full
    }

    It 'has a synopsis of its own' {
        # Without a help file, Get-Help makes the synopsis from the syntax, which starts with the name.
        $help.Synopsis.Trim() | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)"
    }

    It 'has a description' {
        Get-HelpText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) { $example.code | Should -Not -BeNullOrEmpty }
    }

    It 'names its inputs and outputs' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterOrEqual 1
        @($help.returnValues.returnValue).Count | Should -BeGreaterOrEqual 1
    }

    It 'links to related help' {
        @($help.relatedLinks.navigationLink | Where-Object linkText).Count | Should -BeGreaterOrEqual 1
    }

    It 'has a page that documents no parameter it lacks' {
        $declared = (Get-Command $Name).Parameters.Keys
        $documented = (Get-PageFact $Name).Keys
        @($documented | Where-Object { $declared -notcontains $_ }) | Should -BeNullOrEmpty
    }
}

Describe 'Help of <Command> -<Parameter>' -ForEach $ParameterCases {
    It 'has a description' {
        $entry = (Get-Help $Command -Parameter $Parameter -ErrorAction SilentlyContinue)
        $entry | Should -Not -BeNullOrEmpty -Because "-$Parameter needs a section in docs/$Command.md"
        Get-HelpText $entry.description | Should -Not -BeNullOrEmpty
    }

    It 'states the facts the cmdlet declares' {
        $page = Get-PageFact $Command
        $page.ContainsKey($Parameter) | Should -BeTrue -Because "docs/$Command.md needs a '### -$Parameter' section"
        $declared = Get-DeclaredFact $Command $Parameter
        foreach ($key in $declared.Keys) {
            $page[$Parameter][$key] | Should -Be $declared[$key] -Because "'- ${key}:' of -$Parameter in its page"
        }
        foreach ($key in 'Default value', 'Accepted values') {
            $page[$Parameter][$key] | Should -Not -BeNullOrEmpty -Because "-$Parameter needs '- ${key}:' in its page"
        }
    }
}

Describe 'The cmdlets and their pages' {
    It 'exports every cmdlet the assembly defines' {
        $assembly = (Get-Module Tracarbon).ImplementingAssembly
        if (-not $assembly) { $assembly = [Tracarbon.PowerShell.ModuleLifetime].Assembly }
        $defined = $assembly.GetTypes() | ForEach-Object {
            $attribute = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) |
                Select-Object -First 1
            if ($attribute) { "$($attribute.VerbName)-$($attribute.NounName)" }
        }
        $exported = (Get-Module Tracarbon).ExportedCmdlets.Keys
        @($defined | Where-Object { $exported -notcontains $_ }) | Should -BeNullOrEmpty
    }

    It 'has no page for a cmdlet that is not exported' {
        $pages = Get-ChildItem $script:DocsPath -Filter *.md |
            Where-Object { $_.BaseName -notlike 'about_*' -and $_.Name -ne 'README.md' } | ForEach-Object BaseName
        $exported = (Get-Module Tracarbon).ExportedCmdlets.Keys
        @($pages | Where-Object { $exported -notcontains $_ }) | Should -BeNullOrEmpty
    }
}

Describe 'about_Tracarbon' {
    BeforeAll {
        $about = Get-Help about_Tracarbon | Out-String
    }

    It 'is found by Get-Help' {
        $about | Should -Match 'about_Tracarbon'
        $about.Length | Should -BeGreaterThan 1000
    }

    It 'finds the error ids in the sources' -TestCases @{ Found = $ErrorIdCases.Count } {
        # Guards the patterns above: if the code's shape changed, they would silently find nothing.
        $Found | Should -BeGreaterOrEqual 10
    }

    It 'mentions the error id <ErrorId>' -ForEach $ErrorIdCases {
        $pattern = "\b$([regex]::Escape($ErrorId))\b"
        $about -match $pattern | Should -BeTrue -Because 'docs/about_Tracarbon.md explains every error id'
    }

    It 'mentions the environment variable <Variable>' -ForEach $VariableCases {
        $pattern = "\b$([regex]::Escape($Variable))\b"
        $about -match $pattern | Should -BeTrue -Because 'docs/about_Tracarbon.md explains every variable'
    }
}
