BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # A collector stand-in for a thread job: answers every request on the listener with 200 and an
    # empty protobuf body, and writes what it read, until the listener stops.
    $script:Receiver = {
        param([Net.Sockets.TcpListener] $Listener)
        while ($true) {
            try { $client = $Listener.AcceptTcpClient() } catch { return }
            try {
                $stream = $client.GetStream()
                $stream.ReadTimeout = 5000
                $buffer = [byte[]]::new(65536)
                $received = [IO.MemoryStream]::new()
                $headEnd = -1
                while ($headEnd -lt 0) {
                    $read = $stream.Read($buffer, 0, $buffer.Length)
                    if ($read -eq 0) { break }
                    $received.Write($buffer, 0, $read)
                    $headEnd = [Text.Encoding]::ASCII.GetString($received.ToArray()).IndexOf("`r`n`r`n")
                }
                if ($headEnd -lt 0) { continue }
                $lines = [Text.Encoding]::ASCII.GetString($received.ToArray(), 0, $headEnd) -split "`r`n"
                $headers = @{}
                foreach ($line in $lines | Select-Object -Skip 1) {
                    $name, $value = $line -split ':', 2
                    $headers[$name.Trim()] = $value.Trim()
                }
                $length = [int]$headers['Content-Length']
                while ($received.Length -lt $headEnd + 4 + $length) {
                    $read = $stream.Read($buffer, 0, $buffer.Length)
                    if ($read -eq 0) { break }
                    $received.Write($buffer, 0, $read)
                }
                $body = [byte[]]($received.ToArray() | Select-Object -Skip ($headEnd + 4))
                $head = "HTTP/1.1 200 OK`r`nContent-Type: application/x-protobuf`r`n" +
                    "Content-Length: 0`r`nConnection: close`r`n`r`n"
                $answer = [Text.Encoding]::ASCII.GetBytes($head)
                $stream.Write($answer, 0, $answer.Length)
                $method, $target, $null = $lines[0] -split ' '
                [pscustomobject]@{
                    Method      = $method
                    Target      = $target
                    ContentType = $headers['Content-Type']
                    Length      = $body.Length
                    # Metric names and attribute values travel as plain UTF-8 inside the protobuf.
                    Text        = [Text.Encoding]::UTF8.GetString($body)
                }
            } finally {
                $client.Dispose()
            }
        }
    }
}

Describe 'The OTLP exporter' {
    AfterEach {
        Stop-CarbonTracking -Name OtlpTest -ErrorAction SilentlyContinue | Out-Null
        Remove-Item Env:OTEL_EXPORTER_OTLP_ENDPOINT, Env:OTEL_EXPORTER_OTLP_METRICS_ENDPOINT -ErrorAction Ignore
    }

    It 'pushes protobuf to /v1/metrics from a real session, the SDK loaded in the module''s load context' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $job = Start-ThreadJob -ScriptBlock $Receiver -ArgumentList $listener
        $requests = [Collections.Generic.List[object]]::new()
        try {
            $endpoint = "http://127.0.0.1:$($listener.LocalEndpoint.Port)/v1/metrics"
            $exporter = New-CarbonExporter -Type Otlp -Endpoint $endpoint
            Start-CarbonTracking -Name OtlpTest -Exporter $exporter -IntervalSeconds 0.2 -Country FR
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ($requests.Count -lt 1 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
                Receive-Job $job | ForEach-Object { $requests.Add($_) }
            }
            $rows = Stop-CarbonTracking -Name OtlpTest
        } finally {
            $listener.Stop()
            $job | Wait-Job -Timeout 10 | Out-Null
            Receive-Job $job -ErrorAction SilentlyContinue | ForEach-Object { $requests.Add($_) }
            $job | Remove-Job -Force
        }

        $requests.Count | Should -BeGreaterOrEqual 1
        $first = $requests[0]
        $first.Method | Should -Be 'POST'
        $first.Target | Should -Be '/v1/metrics'
        $first.ContentType | Should -Be 'application/x-protobuf'
        $first.Length | Should -BeGreaterThan 0
        $first.Text | Should -Match 'tracarbon\.energy'
        $first.Text | Should -Match 'service\.name'
        # Every push was answered, including the last one at Stop-CarbonTracking.
        $rows[0].Errors | Should -Be 0 -Because ($rows[0].ErrorMessages -join '; ')
        $rows[0].Exporter | Should -Be "OTLP ($endpoint)"

        if ($PSVersionTable.PSEdition -eq 'Core') {
            $sdk = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'OpenTelemetry' }
            [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($sdk).Name | Should -Be 'Tracarbon'
        }
    }

    It 'refuses -Endpoint ''<Endpoint>'' with InvalidUrl' -ForEach @(
        @{ Endpoint = 'ftp://127.0.0.1/v1/metrics' }
        @{ Endpoint = 'not a url' }
        @{ Endpoint = '' }
    ) {
        $err = $null
        try { New-CarbonExporter -Type Otlp -Endpoint $Endpoint } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidUrl,*'
        $err.TargetObject | Should -Be $Endpoint
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.ErrorDetails.RecommendedAction | Should -Match 'http or https'
    }

    It 'takes its endpoint from OTEL_EXPORTER_OTLP_ENDPOINT, with /v1/metrics appended' {
        $env:OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:4999/base'
        (New-CarbonExporter -Type Otlp).Endpoint | Should -Be 'http://127.0.0.1:4999/base/v1/metrics'
        $env:OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = 'https://127.0.0.1:4998/m'
        (New-CarbonExporter -Type Otlp).Endpoint | Should -Be 'https://127.0.0.1:4998/m'
    }

    It 'refuses a bad endpoint variable with InvalidExporterSetting' {
        $env:OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = 'udp://127.0.0.1:4318'
        Get-ErrorId { New-CarbonExporter -Type Otlp } | Should -Be 'InvalidExporterSetting'
        Get-ErrorId { Start-CarbonTracking -Name OtlpTest -Exporter Otlp -Country FR } |
            Should -Be 'InvalidExporterSetting'
    }

    It 'is listed by Get-CarbonExporter' {
        $type = Get-CarbonExporter -Name Otlp
        $type.Name | Should -Be 'Otlp'
        $type.Settings | Should -Match 'OTEL_EXPORTER_OTLP_ENDPOINT'
        (Get-CarbonExporter).Name | Should -Contain 'Otlp'
    }
}
