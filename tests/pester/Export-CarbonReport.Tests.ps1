BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # The report is meant for browsers, so a browser reads it here. Without Chromium this test fails
    # rather than skips: a skipped test would let a report no browser can draw through unnoticed.
    function Get-Chromium {
        foreach ($name in 'chromium', 'chromium-browser') {
            $command = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue |
                Select-Object -First 1
            if ($command) { return $command.Source }
        }
        throw ("Chromium is not installed, and the HTML report's browser test needs it. Install Debian's " +
            "package 'chromium': apt-get update && apt-get install -y chromium")
    }

    # Headless Chromium with a profile of its own, on a local file only; the extra switches keep the
    # browser from reaching out for updates or sync. Bounded, so a hung browser fails the test.
    function Invoke-Chromium([string] $Name, [string[]] $Arguments) {
        $userData = Join-Path $TestDrive "profile-$Name"
        New-Item $userData -ItemType Directory | Out-Null
        $start = [Diagnostics.ProcessStartInfo]::new($script:Chromium)
        $switches = @(
            '--headless', '--no-sandbox', '--disable-gpu', "--user-data-dir=$userData", '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-extensions', '--disable-sync'
        )
        foreach ($a in $switches + $Arguments) { $start.ArgumentList.Add($a) }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(90000)) {
            $process.Kill($true)
            throw "Chromium ($Name) did not finish within 90 s."
        }
        # Chromium exits 0 even when the page did not load; only its log says so.
        $log = $stderr.Result
        if ($process.ExitCode -ne 0 -or $log -match 'Page load failed') {
            throw "Chromium ($Name) exited with $($process.ExitCode): $log"
        }
        $stdout.Result
    }

    function Get-Attribute([string] $Element, [string] $Name) {
        if ($Element -match "\b$Name=""([^""]*)""") { $Matches[1] } else { $null }
    }
}

Describe 'Export-CarbonReport in a browser' {
    BeforeAll {
        $script:Chromium = Get-Chromium

        Start-CarbonTracking -Name html -IntervalSeconds 0.05 -Country FR
        try {
            $until = [DateTime]::UtcNow.AddSeconds(1)
            $x = 0.0
            while ([DateTime]::UtcNow -lt $until) { $x += [Math]::Sqrt($x + 1) }
            $script:File = Export-CarbonReport -Name html -Path (Join-Path $TestDrive 'report.html') -PassThru
        } finally {
            $script:Rows = @(Stop-CarbonTracking -Name html)
        }
        # The constructor, not a [Uri] cast: PowerShell casts a Unix path to a relative URI.
        $script:Uri = [Uri]::new($script:File.FullName).AbsoluteUri
        $script:Artifacts = Join-Path $script:RepoRoot 'out/test-results'
        New-Item $script:Artifacts -ItemType Directory -Force | Out-Null
    }

    It 'writes one HTML file' {
        $script:File | Should -BeOfType System.IO.FileInfo
        $script:File.Length | Should -BeGreaterThan 2KB
        $script:Rows.Count | Should -BeGreaterOrEqual 2
    }

    It 'draws a power chart with one polyline of points per component, and an emissions chart' {
        $dom = Invoke-Chromium -Name dom -Arguments '--dump-dom', $script:Uri

        $power = [regex]::Match($dom, '(?s)<svg\b[^>]*\bid="power-chart".*?</svg>').Value
        $power | Should -Not -BeNullOrEmpty
        $lines = @([regex]::Matches($power, '<polyline\b[^>]*>').Value |
            Where-Object { (Get-Attribute $_ 'class') -split ' ' -contains 'series' })
        $lines.Count | Should -Be $script:Rows.Count
        @($lines | ForEach-Object { Get-Attribute $_ 'data-component' }) |
            Should -Be @($script:Rows.Component | ForEach-Object ToString)
        foreach ($line in $lines) {
            $points = (Get-Attribute $line 'points').Trim() -split '\s+'
            $points.Count | Should -BeGreaterOrEqual 2
            foreach ($point in $points) { $point | Should -Match '^\d+(\.\d+)?,\d+(\.\d+)?$' }
        }

        $emissions = [regex]::Match($dom, '(?s)<svg\b[^>]*\bid="emissions-chart".*?</svg>').Value
        $emissions | Should -Match '<polyline\b[^>]*\bclass="series'
        $dom | Should -Match 'id="summary-table"'
    }

    It 'renders a non-trivial screenshot in the light theme' {
        $png = Join-Path $TestDrive 'report-light.png'

        Invoke-Chromium -Name light -Arguments "--screenshot=$png", '--window-size=1200,900', $script:Uri | Out-Null

        $png | Should -Exist
        (Get-Item $png).Length | Should -BeGreaterThan 10KB
        [IO.File]::ReadAllBytes($png)[1..3] | Should -Be ([byte[]][char[]]'PNG')
        Copy-Item $png $script:Artifacts
    }

    It 'renders differently when the browser prefers a dark theme' {
        $light = Join-Path $TestDrive 'report-light.png'
        $dark = Join-Path $TestDrive 'report-dark.png'
        if (-not (Test-Path $light)) {
            Invoke-Chromium -Name light -Arguments "--screenshot=$light", '--window-size=1200,900', $script:Uri |
                Out-Null
        }

        Invoke-Chromium -Name dark -Arguments '--force-dark-mode', "--screenshot=$dark", '--window-size=1200,900',
            $script:Uri | Out-Null

        (Get-Item $dark).Length | Should -BeGreaterThan 10KB
        (Get-FileHash $dark).Hash | Should -Not -Be (Get-FileHash $light).Hash
        Copy-Item $dark $script:Artifacts
    }
}
