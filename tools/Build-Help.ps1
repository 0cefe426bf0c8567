#Requires -Version 7.0
<#
.SYNOPSIS
    Compiles the markdown help in docs/ into the MAML and about files that Get-Help reads.
.DESCRIPTION
    Every docs/<Verb-Noun>.md becomes one command element of <RootModule>-Help.xml, and every
    docs/about_*.md becomes about_*.help.txt, both under <ModulePath>/en-US. The markdown shape is
    described in docs/README.md. Syntax, parameter types, positions, required flags and pipeline input
    come from the built cmdlets themselves, read in a child PowerShell so that this process never loads
    the module's assemblies; the markdown supplies the words. A cmdlet without a page, or a page for a
    parameter the cmdlet no longer has, is a warning here and a failure in tests/pester/Help.Tests.ps1.
.EXAMPLE
    ./tools/Build-Help.ps1 -DocsPath ./docs -ModulePath ./out/Tracarbon/0.1.0
#>
[CmdletBinding()]
param(
    # The folder of markdown pages.
    [Parameter(Mandatory)]
    [string] $DocsPath,

    # The laid-out module folder, the one that holds the manifest; help goes into its en-US folder.
    [Parameter(Mandatory)]
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$FactKeys = 'Type', 'Required', 'Position', 'Default value', 'Accepted values', 'Pipeline input', 'Wildcards'
$TextWidth = 80

#region Markdown

# Splits a page into its title and its '## ' sections; headings inside fenced code are text.
function Split-MarkdownPage([string[]] $Lines) {
    $page = [ordered]@{ Title = $null; Sections = [ordered]@{} }
    $current = $null
    $fenced = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $fenced = -not $fenced }
        if (-not $fenced -and $line -match '^#\s+(.+?)\s*$' -and $null -eq $page.Title) {
            $page.Title = $Matches[1]
            continue
        }
        if (-not $fenced -and $line -match '^##\s+(.+?)\s*$') {
            $current = [Collections.Generic.List[string]]::new()
            $page.Sections[$Matches[1].ToUpperInvariant()] = $current
            continue
        }
        if ($null -ne $current) { $current.Add($line) }
    }
    $page
}

# Splits a section into its '### ' subsections, each with a title and the lines under it.
function Split-Subsection([string[]] $Lines) {
    $items = [Collections.Generic.List[object]]::new()
    $fenced = $false
    $current = $null
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $fenced = -not $fenced }
        if (-not $fenced -and $line -match '^###\s+(.+?)\s*$') {
            $current = [pscustomobject]@{ Title = $Matches[1]; Lines = [Collections.Generic.List[string]]::new() }
            $items.Add($current)
            continue
        }
        if ($null -ne $current) { $current.Lines.Add($line) }
    }
    $items.ToArray()
}

# Turns lines into blocks: Para (Text), List (Items), Code (Language, Lines), Table (Rows).
function ConvertTo-Block([string[]] $Lines) {
    if ($null -eq $Lines) { return }
    $blocks = [Collections.Generic.List[object]]::new()
    $i = 0
    $itemPattern = '^\s*([-*]|\d+\.)\s+(.*)$'
    while ($i -lt $Lines.Count) {
        $line = $Lines[$i]
        if ($line.Trim().Length -eq 0) { $i++; continue }
        if ($line -match '^\s*```\s*(\S*)') {
            $language = $Matches[1]
            $code = [Collections.Generic.List[string]]::new()
            $i++
            while ($i -lt $Lines.Count -and $Lines[$i] -notmatch '^\s*```') { $code.Add($Lines[$i]); $i++ }
            $i++
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Language = $language; Lines = $code.ToArray() })
            continue
        }
        if ($line -match '^\s*\|') {
            $rows = [Collections.Generic.List[object]]::new()
            while ($i -lt $Lines.Count -and $Lines[$i] -match '^\s*\|') {
                $row = $Lines[$i].Trim().Trim('|')
                if ($row -notmatch '^[\s|:-]+$') {
                    $rows.Add(@($row -split '(?<!\\)\|' | ForEach-Object { ConvertFrom-Inline $_.Trim() }))
                }
                $i++
            }
            $blocks.Add([pscustomobject]@{ Kind = 'Table'; Rows = $rows.ToArray() })
            continue
        }
        if ($line -match $itemPattern) {
            $items = [Collections.Generic.List[string]]::new()
            while ($i -lt $Lines.Count -and $Lines[$i].Trim().Length -gt 0 -and $Lines[$i] -notmatch '^\s*```') {
                if ($Lines[$i] -match $itemPattern) {
                    $marker = $Matches[1]
                    $text = $Matches[2].Trim()
                    if ($marker -eq '*') { $marker = '-' }
                    $items.Add("$marker $text")
                } else {
                    $items[$items.Count - 1] += ' ' + $Lines[$i].Trim()
                }
                $i++
            }
            $inline = @($items | ForEach-Object { ConvertFrom-Inline $_ })
            $blocks.Add([pscustomobject]@{ Kind = 'List'; Items = $inline })
            continue
        }
        $words = [Collections.Generic.List[string]]::new()
        while ($i -lt $Lines.Count -and $Lines[$i].Trim().Length -gt 0 -and
            $Lines[$i] -notmatch '^\s*(```|\|)' -and $Lines[$i] -notmatch $itemPattern) {
            $words.Add($Lines[$i].Trim())
            $i++
        }
        $blocks.Add([pscustomobject]@{ Kind = 'Para'; Text = ConvertFrom-Inline ($words -join ' ') })
    }
    $blocks.ToArray()
}

# Markdown inline marks become plain text: code spans and bold lose their marks, links keep their text.
function ConvertFrom-Inline([string] $Text) {
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)\s]+)\)', {
            param($m)
            $label = $m.Groups[1].Value
            $target = $m.Groups[2].Value
            if ($target -match '^https?://' -and $target -ne $label) { "$label ($target)" } else { $label }
        })
    $Text = $Text -replace '`([^`]+)`', '$1'
    $Text = $Text -replace '\*\*([^*]+)\*\*', '$1'
    $Text -replace '\\([\\`*_|\[\]])', '$1'
}

# A table as aligned plain-text lines, the header underlined.
function Format-TextTable([object[]] $Rows) {
    $columns = ($Rows | ForEach-Object { $_.Count } | Measure-Object -Maximum).Maximum
    $widths = foreach ($c in 0..($columns - 1)) {
        $lengths = $Rows | ForEach-Object { if ($c -lt $_.Count) { $_[$c].Length } else { 0 } }
        ($lengths | Measure-Object -Maximum).Maximum
    }
    $lines = [Collections.Generic.List[string]]::new()
    for ($r = 0; $r -lt $Rows.Count; $r++) {
        $cells = for ($c = 0; $c -lt $columns; $c++) {
            $value = if ($c -lt $Rows[$r].Count) { $Rows[$r][$c] } else { '' }
            $value.PadRight($widths[$c])
        }
        $lines.Add(($cells -join '  ').TrimEnd())
        if ($r -eq 0) { $lines.Add((($widths | ForEach-Object { '-' * $_ }) -join '  ')) }
    }
    $lines.ToArray()
}

# Blocks as MAML paragraphs: a paragraph or list item each, code and tables kept line for line.
function ConvertTo-Paragraph([object[]] $Blocks) {
    foreach ($block in $Blocks) {
        switch ($block.Kind) {
            'Para' { $block.Text }
            'List' { $block.Items }
            'Code' { $block.Lines -join "`n" }
            'Table' { (Format-TextTable $block.Rows) -join "`n" }
        }
    }
}

# Reads one command page into the parts the MAML needs.
function Read-CommandPage([string] $Path) {
    $page = Split-MarkdownPage (Get-Content -LiteralPath $Path)
    $section = { param($name) if ($page.Sections.Contains($name)) { $page.Sections[$name].ToArray() } else { @() } }

    $parameters = [ordered]@{}
    foreach ($sub in (Split-Subsection (& $section 'PARAMETERS'))) {
        $facts = @{}
        $text = foreach ($line in $sub.Lines) {
            if ($line -match '^\s*-\s+([A-Za-z ]+):\s*(.*?)\s*$' -and $FactKeys -contains $Matches[1]) {
                $facts[$Matches[1]] = ConvertFrom-Inline $Matches[2]
            } else {
                $line
            }
        }
        $parameters[$sub.Title.TrimStart('-')] = [pscustomobject]@{
            Paragraphs = @(ConvertTo-Paragraph (ConvertTo-Block @($text)))
            Facts = $facts
        }
    }

    $examples = foreach ($sub in (Split-Subsection (& $section 'EXAMPLES'))) {
        $blocks = @(ConvertTo-Block $sub.Lines.ToArray())
        $code = @($blocks | Where-Object Kind -EQ 'Code' | Select-Object -First 1)
        [pscustomobject]@{
            Title = ConvertFrom-Inline $sub.Title
            Code = if ($code) { $code[0].Lines -join "`n" } else { '' }
            Remarks = @(ConvertTo-Paragraph @($blocks | Where-Object { $code.Count -eq 0 -or $_ -ne $code[0] }))
        }
    }

    $typed = {
        param($name)
        foreach ($sub in (Split-Subsection (& $section $name))) {
            [pscustomobject]@{
                Type = ConvertFrom-Inline $sub.Title
                Paragraphs = @(ConvertTo-Paragraph (ConvertTo-Block $sub.Lines.ToArray()))
            }
        }
    }

    # '- [Name](target)' or '- Name'; a web address is kept as the uri, a page of ours needs none.
    $links = foreach ($line in (& $section 'RELATED LINKS')) {
        if ($line -notmatch '^\s*([-*]|\d+\.)\s+(.+?)\s*$') { continue }
        $item = $Matches[2]
        if ($item -match '^\[([^\]]+)\]\(([^)\s]+)\)$') {
            $label = $Matches[1]
            $target = $Matches[2]
            [pscustomobject]@{ Text = $label; Uri = if ($target -match '^https?://') { $target } else { '' } }
        } else {
            [pscustomobject]@{ Text = ConvertFrom-Inline $item; Uri = '' }
        }
    }

    [pscustomobject]@{
        Name = $page.Title
        Synopsis = @(ConvertTo-Paragraph (ConvertTo-Block (& $section 'SYNOPSIS'))) -join ' '
        Description = @(ConvertTo-Paragraph (ConvertTo-Block (& $section 'DESCRIPTION')))
        Parameters = $parameters
        Examples = @($examples)
        Inputs = @(& $typed 'INPUTS')
        Outputs = @(& $typed 'OUTPUTS')
        Notes = @(ConvertTo-Paragraph (ConvertTo-Block (& $section 'NOTES')))
        Links = @($links)
    }
}

#endregion

#region Cmdlet metadata

# Runs a child PowerShell that imports the module and reports every exported cmdlet's parameter sets.
function Get-CmdletMetadata([string] $Manifest) {
    $out = [IO.Path]::GetTempFileName()
    $quotedManifest = $Manifest -replace "'", "''"
    $quotedOut = $out -replace "'", "''"
    $script = @"
`$ErrorActionPreference = 'Stop'
`$module = Import-Module -Name '$quotedManifest' -PassThru -Force
`$common = [System.Management.Automation.Cmdlet]::CommonParameters
`$wildcards = [System.Management.Automation.SupportsWildcardsAttribute]
function TypeName([type] `$t) {
    `$inner = [Nullable]::GetUnderlyingType(`$t)
    if (`$inner) { `$t = `$inner }
    `$t.Name
}
`$commands = foreach (`$cmd in `$module.ExportedCmdlets.Values) {
    [pscustomobject]@{
        Name = `$cmd.Name
        Verb = `$cmd.Verb
        Noun = `$cmd.Noun
        Sets = @(foreach (`$set in `$cmd.ParameterSets) {
            [pscustomobject]@{
                Name = `$set.Name
                IsDefault = `$set.IsDefault
                Parameters = @(foreach (`$p in `$set.Parameters) {
                    if (`$common -contains `$p.Name) { continue }
                    [pscustomobject]@{
                        Name = `$p.Name
                        Type = TypeName `$p.ParameterType
                        IsSwitch = `$p.ParameterType -eq [switch]
                        IsArray = `$p.ParameterType.IsArray
                        Mandatory = `$p.IsMandatory
                        Position = `$p.Position
                        ByValue = `$p.ValueFromPipeline
                        ByPropertyName = `$p.ValueFromPipelineByPropertyName
                        Aliases = @(`$p.Aliases)
                        Wildcards = [bool](`$p.Attributes | Where-Object { `$_ -is `$wildcards })
                    }
                })
            }
        })
    }
}
ConvertTo-Json -InputObject @(`$commands) -Depth 8 | Set-Content -LiteralPath '$quotedOut' -Encoding utf8
"@
    $exe = [Environment]::ProcessPath
    $arguments = @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand',
        [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script)))
    # Under `dotnet pwsh` this process is the dotnet host: the child runs $PSHOME/pwsh.dll through it.
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        $arguments = @(Join-Path $PSHOME 'pwsh.dll') + $arguments
    }
    try {
        & $exe @arguments | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Reading the cmdlets of '$Manifest' failed with exit code $LASTEXITCODE." }
        Get-Content -LiteralPath $out -Raw | ConvertFrom-Json
    } finally {
        Remove-Item -LiteralPath $out -ErrorAction SilentlyContinue
    }
}

# One parameter across all sets, in Get-Help's words: required, position, pipeline input.
function Get-ParameterFact($Command, [string] $Name) {
    $inSets = @($Command.Sets | ForEach-Object { $_.Parameters | Where-Object Name -EQ $Name })
    $first = $inSets[0]
    $position = @($inSets | ForEach-Object { if ($_.Position -lt 0) { 'named' } else { [string]$_.Position } } |
            Select-Object -Unique)
    $pipeline = @($inSets | ForEach-Object {
            $by = @(if ($_.ByValue) { 'ByValue' }; if ($_.ByPropertyName) { 'ByPropertyName' })
            if ($by.Count) { "True ($($by -join ', '))" } else { 'False' }
        } | Select-Object -Unique)
    [pscustomobject]@{
        Name = $Name
        Type = $first.Type
        IsSwitch = $first.IsSwitch
        IsArray = $first.IsArray
        Required = [string](@($inSets | Where-Object { -not $_.Mandatory }).Count -eq 0)
        Position = $position -join ', '
        PipelineInput = $pipeline -join ', '
        Wildcards = [string][bool]($inSets | Where-Object Wildcards)
        Aliases = if ($first.Aliases.Count) { $first.Aliases -join ', ' } else { 'none' }
    }
}

#endregion

#region MAML

function Write-Paragraphs([Xml.XmlWriter] $Writer, [string] $Element, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', $Element, $MamlNs)
    foreach ($para in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $MamlNs, $para) }
    $Writer.WriteEndElement()
}

function Write-ParameterElement([Xml.XmlWriter] $Writer, $Fact, [string] $Position, [string] $Required,
    [string] $PipelineInput, [string[]] $Description, [string] $DefaultValue) {
    $Writer.WriteStartElement('command', 'parameter', $CommandNs)
    $Writer.WriteAttributeString('required', $Required.ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ([string]$Fact.IsArray).ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Fact.Wildcards.ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $PipelineInput)
    $Writer.WriteAttributeString('position', $Position)
    $Writer.WriteAttributeString('aliases', $Fact.Aliases)
    $Writer.WriteElementString('maml', 'name', $MamlNs, $Fact.Name)
    if ($null -ne $Description) { Write-Paragraphs $Writer 'description' $Description }
    if (-not $Fact.IsSwitch) {
        $Writer.WriteStartElement('command', 'parameterValue', $CommandNs)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', ([string]$Fact.IsArray).ToLowerInvariant())
        $Writer.WriteString($Fact.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $DevNs)
    $Writer.WriteElementString('maml', 'name', $MamlNs, $Fact.Type)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $DevNs, $DefaultValue)
    $Writer.WriteEndElement()
}

function Write-TypedList([Xml.XmlWriter] $Writer, [string] $List, [string] $Item, [object[]] $Entries) {
    $Writer.WriteStartElement('command', $List, $CommandNs)
    foreach ($entry in $Entries) {
        $Writer.WriteStartElement('command', $Item, $CommandNs)
        $Writer.WriteStartElement('dev', 'type', $DevNs)
        $Writer.WriteElementString('maml', 'name', $MamlNs, $entry.Type)
        $Writer.WriteEndElement()
        Write-Paragraphs $Writer 'description' $entry.Paragraphs
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandElement([Xml.XmlWriter] $Writer, $Command, $Page) {
    $Writer.WriteStartElement('command', 'command', $CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $MamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $CommandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $DevNs)

    $Writer.WriteStartElement('command', 'details', $CommandNs)
    $Writer.WriteElementString('command', 'name', $CommandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $CommandNs, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $CommandNs, $Command.Noun)
    Write-Paragraphs $Writer 'description' @($Page.Synopsis)
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer 'description' $Page.Description

    # The default set first, as Get-Command -Syntax lists it.
    $Writer.WriteStartElement('command', 'syntax', $CommandNs)
    foreach ($set in @($Command.Sets | Sort-Object { -not $_.IsDefault })) {
        $Writer.WriteStartElement('command', 'syntaxItem', $CommandNs)
        $Writer.WriteElementString('maml', 'name', $MamlNs, $Command.Name)
        $ordered = @($set.Parameters | Sort-Object { if ($_.Position -lt 0) { [int]::MaxValue } else { $_.Position } },
            { -not $_.Mandatory })
        foreach ($p in $ordered) {
            $fact = Get-ParameterFact $Command $p.Name
            $by = @(if ($p.ByValue) { 'ByValue' }; if ($p.ByPropertyName) { 'ByPropertyName' })
            $pipeline = if ($by.Count) { "True ($($by -join ', '))" } else { 'False' }
            $position = if ($p.Position -lt 0) { 'named' } else { [string]$p.Position }
            Write-ParameterElement $Writer $fact $position ([string]$p.Mandatory) $pipeline $null 'None'
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $CommandNs)
    # The page's order first, as its author chose it; parameters it misses follow in declaration order.
    $declared = @($Command.Sets | ForEach-Object { $_.Parameters.Name } | Select-Object -Unique)
    $names = @($Page.Parameters.Keys | Where-Object { $declared -contains $_ }) +
        @($declared | Where-Object { -not $Page.Parameters.Contains($_) })
    foreach ($name in $names) {
        $fact = Get-ParameterFact $Command $name
        $doc = $Page.Parameters[$name]
        $description = @()
        $default = 'None'
        if ($doc) {
            $description = $doc.Paragraphs
            if ($doc.Facts['Accepted values']) { $description += "Accepted values: $($doc.Facts['Accepted values'])" }
            if ($doc.Facts['Default value']) { $default = $doc.Facts['Default value'] }
        } else {
            Write-Warning "$($Command.Name): the parameter -$name has no '### -$name' section in its page."
        }
        Write-ParameterElement $Writer $fact $fact.Position $fact.Required $fact.PipelineInput $description $default
    }
    $Writer.WriteEndElement()

    Write-TypedList $Writer 'inputTypes' 'inputType' $Page.Inputs
    Write-TypedList $Writer 'returnValues' 'returnValue' $Page.Outputs
    if ($Page.Notes.Count -gt 0) {
        $Writer.WriteStartElement('maml', 'alertSet', $MamlNs)
        $Writer.WriteStartElement('maml', 'alert', $MamlNs)
        foreach ($para in $Page.Notes) { $Writer.WriteElementString('maml', 'para', $MamlNs, $para) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $CommandNs)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $CommandNs)
        $Writer.WriteElementString('maml', 'title', $MamlNs, "---------- $($example.Title) ----------")
        $Writer.WriteElementString('dev', 'code', $DevNs, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $DevNs)
        foreach ($para in $example.Remarks) { $Writer.WriteElementString('maml', 'para', $MamlNs, $para) }
        # An empty last paragraph: Get-Help then leaves a blank line before the next example's title.
        $Writer.WriteElementString('maml', 'para', $MamlNs, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $CommandNs)
    foreach ($link in $Page.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $MamlNs, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $MamlNs, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

#region About topics

# Words packed into lines of at most $TextWidth columns, the first and the rest indented as given.
function Format-Wrapped([string] $Text, [int] $Indent, [int] $Hanging = $Indent) {
    $lines = [Collections.Generic.List[string]]::new()
    $line = ' ' * $Indent
    $empty = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $empty -and $line.Length + 1 + $word.Length -gt $TextWidth) {
            $lines.Add($line)
            $line = ' ' * $Hanging
            $empty = $true
        }
        $line += if ($empty) { $word } else { " $word" }
        $empty = $false
    }
    if (-not $empty) { $lines.Add($line) }
    $lines.ToArray()
}

# An about page as the plain text Get-Help prints: TOPIC, upper-case sections, indented text.
function ConvertTo-AboutText([string[]] $Lines) {
    $out = [Collections.Generic.List[string]]::new()
    $body = [Collections.Generic.List[string]]::new()
    $fenced = $false
    $flush = {
        foreach ($block in (ConvertTo-Block $body.ToArray())) {
            switch ($block.Kind) {
                'Para' { $out.AddRange([string[]](Format-Wrapped $block.Text 4)) }
                'List' {
                    foreach ($item in $block.Items) {
                        $marker = ($item -split ' ', 2)[0]
                        $text = ($item -split ' ', 2)[1]
                        $out.AddRange([string[]](Format-Wrapped "$marker $text" 4 (5 + $marker.Length)))
                    }
                }
                'Code' { foreach ($codeLine in $block.Lines) { $out.Add(('        ' + $codeLine).TrimEnd()) } }
                'Table' { foreach ($row in (Format-TextTable $block.Rows)) { $out.Add("    $row") } }
            }
            $out.Add('')
        }
        $body.Clear()
    }
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $fenced = -not $fenced }
        if (-not $fenced -and $line -match '^(#{1,3})\s+(.+?)\s*$') {
            & $flush
            $title = ConvertFrom-Inline $Matches[2]
            switch ($Matches[1].Length) {
                1 { $out.Add('TOPIC'); $out.Add("    $title"); $out.Add('') }
                2 { $out.Add($title.ToUpperInvariant()) }
                3 { $out.Add("  $title"); $out.Add('  ' + ('-' * $title.Length)) }
            }
            continue
        }
        $body.Add($line)
    }
    & $flush
    while ($out.Count -gt 0 -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    $out.ToArray()
}

#endregion

$DocsPath = (Resolve-Path -LiteralPath $DocsPath).Path
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$manifestFile = @(Get-ChildItem -LiteralPath $ModulePath -Filter '*.psd1')
if ($manifestFile.Count -ne 1) { throw "'$ModulePath' must hold exactly one module manifest (.psd1)." }
$rootModule = (Import-PowerShellDataFile -LiteralPath $manifestFile[0].FullName).RootModule
$helpFolder = Join-Path $ModulePath 'en-US'
New-Item -ItemType Directory -Path $helpFolder -Force | Out-Null

$pages = @{}
foreach ($file in Get-ChildItem -LiteralPath $DocsPath -Filter '*.md') {
    if ($file.BaseName -like 'about_*' -or $file.Name -eq 'README.md') { continue }
    $page = Read-CommandPage $file.FullName
    if ($page.Name -ne $file.BaseName) { throw "'$($file.Name)' must start with '# $($file.BaseName)'." }
    $pages[$page.Name] = $page
}

$commands = @(Get-CmdletMetadata $manifestFile[0].FullName | Sort-Object Name)
$settings = [Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [Text.UTF8Encoding]::new($false)
$mamlPath = Join-Path $helpFolder "$rootModule-Help.xml"
$writer = [Xml.XmlWriter]::Create($mamlPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in $commands) {
        if (-not $pages.ContainsKey($command.Name)) {
            Write-Warning "$($command.Name) has no page: add docs/$($command.Name).md (see docs/README.md)."
            continue
        }
        Write-CommandElement $writer $command $pages[$command.Name]
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
} finally {
    $writer.Dispose()
}
foreach ($name in $pages.Keys | Where-Object { $commands.Name -notcontains $_ }) {
    Write-Warning "docs/$name.md describes a cmdlet the module does not export."
}
Write-Verbose "Wrote '$mamlPath' for $($commands.Count) cmdlets."

foreach ($file in Get-ChildItem -LiteralPath $DocsPath -Filter 'about_*.md') {
    $target = Join-Path $helpFolder "$($file.BaseName).help.txt"
    $text = ConvertTo-AboutText (Get-Content -LiteralPath $file.FullName)
    [IO.File]::WriteAllLines($target, [string[]]$text, [Text.UTF8Encoding]::new($false))
    Write-Verbose "Wrote '$target'."
}
