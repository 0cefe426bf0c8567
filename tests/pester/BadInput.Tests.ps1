BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:dir = Join-Path $TestDrive 'bad'
    New-Item $dir -ItemType Directory | Out-Null
}

# Every parameter a user might really get wrong, with the error id it must give. Each case runs in this
# process and must leave no session behind.
Describe 'Bad input is refused with its own error id' {
    AfterEach {
        Get-ErrorId { Stop-CarbonTracking -ErrorAction Stop } | Should -Be 'TrackingNotStarted'
        Get-ChildItem Env:TRACARBON_* | Remove-Item
    }

    It '<Case>: <Id>' -ForEach @(
        @{ Case = 'interval 0'; Id = 'InvalidInterval'; Script = { Start-CarbonTracking -IntervalSeconds 0 -Country FR } }
        @{ Case = 'interval negative'; Id = 'InvalidInterval'; Script = { Start-CarbonTracking -IntervalSeconds -1 -Country FR } }
        @{ Case = 'interval NaN'; Id = 'InvalidInterval'; Script = { Start-CarbonTracking -IntervalSeconds ([double]::NaN) -Country FR } }
        @{ Case = 'interval +Inf'; Id = 'InvalidInterval'; Script = { Start-CarbonTracking -IntervalSeconds ([double]::PositiveInfinity) -Country FR } }
        @{ Case = 'interval over a day'; Id = 'InvalidInterval'; Script = { Start-CarbonTracking -IntervalSeconds 86401 -Country FR } }
        @{ Case = 'interval under 10 ms'; Id = 'InvalidInterval'; Script = { Start-CarbonTracking -IntervalSeconds 0.001 -Country FR } }
        @{ Case = 'interval not a number'; Id = 'CannotConvertArgumentNoMessage'; Script = { Start-CarbonTracking -IntervalSeconds 'soon' -Country FR } }
        @{ Case = 'interval env garbage'; Id = 'InvalidInterval'; Script = { $env:TRACARBON_INTERVAL_IN_SECONDS = 'x'; Start-CarbonTracking -Country FR } }
        @{ Case = 'interval env zero'; Id = 'InvalidInterval'; Script = { $env:TRACARBON_INTERVAL_IN_SECONDS = '0'; Start-CarbonTracking -Country FR } }
        @{ Case = 'Invoke interval 0'; Id = 'InvalidInterval'; Script = { Invoke-CarbonTracking -IntervalSeconds 0 -Country FR -Duration 00:00:01 } }
        @{ Case = 'Invoke negative duration'; Id = 'InvalidDuration'; Script = { Invoke-CarbonTracking -Duration '-00:00:05' -Country FR } }
        @{ Case = 'Invoke zero duration'; Id = 'InvalidDuration'; Script = { Invoke-CarbonTracking -Duration '00:00:00' -Country FR } }
        @{ Case = 'country unknown'; Id = 'UnknownCountry'; Script = { Start-CarbonTracking -Country XX } }
        @{ Case = 'country empty'; Id = 'UnknownCountry'; Script = { Start-CarbonTracking -Country '' } }
        @{ Case = 'country blank'; Id = 'UnknownCountry'; Script = { Start-CarbonTracking -Country '   ' } }
        @{ Case = 'country alpha-3 unknown'; Id = 'UnknownCountry'; Script = { Start-CarbonTracking -Country 'ZZZ' } }
        @{ Case = 'country name'; Id = 'UnknownCountry'; Script = { Start-CarbonTracking -Country 'France' } }
        @{ Case = 'country env unknown'; Id = 'InvalidEnvironmentVariable'; Script = { $env:TRACARBON_COUNTRY = 'QQ'; Start-CarbonTracking } }
        @{ Case = 'Get-CarbonIntensity unknown'; Id = 'UnknownCountry'; Script = { Get-CarbonIntensity -Country XY -ErrorAction Stop } }
        @{ Case = 'region unknown'; Id = 'UnknownRegion'; Script = { Start-CarbonTracking -Region aws:mars-1 } }
        @{ Case = 'region without provider'; Id = 'UnknownRegion'; Script = { Start-CarbonTracking -Region eu-west-3 } }
        @{ Case = 'region env unknown'; Id = 'InvalidEnvironmentVariable'; Script = { $env:TRACARBON_CLOUD_REGION = 'gcp:nowhere'; Start-CarbonTracking } }
        @{ Case = 'Get-CarbonIntensity region'; Id = 'UnknownRegion'; Script = { Get-CarbonIntensity -Region azure:atlantis -ErrorAction Stop } }
        @{ Case = 'path is a directory'; Id = 'PathIsDirectory'; Script = { Start-CarbonTracking -Exporter Json -Path $dir -Country FR } }
        @{ Case = 'path in a missing directory'; Id = 'PathNotFound'; Script = { Start-CarbonTracking -Exporter Json -Path "$dir/none/x.jsonl" -Country FR } }
        @{ Case = 'path not writable'; Id = 'PathNotWritable'; Script = { Start-CarbonTracking -Exporter Json -Path '/proc/tracarbon.jsonl' -Country FR } }
        @{ Case = 'path on another drive'; Id = 'InvalidPath'; Script = { Start-CarbonTracking -Exporter Json -Path 'env:PATH' -Country FR } }
        @{ Case = 'path a pipe nothing reads'; Id = 'PathNotWritable'; Script = { & mkfifo "$dir/pipe.jsonl"; Start-CarbonTracking -Exporter Json -Path "$dir/pipe.jsonl" -Country FR } }
        @{ Case = 'path a kernel file in /proc'; Id = 'PathNotWritable'; Script = { Start-CarbonTracking -Exporter Json -Path '/proc/version' -Country FR } }
        @{ Case = 'path a kernel file in /sys, CSV'; Id = 'PathNotWritable'; Script = { Start-CarbonTracking -Exporter Csv -Path '/sys/kernel/uevent_seqnum' -Country FR } }
        @{ Case = 'path a socket'; Id = 'PathNotWritable'; Script = {
            $socket = [Net.Sockets.Socket]::new([Net.Sockets.AddressFamily]::Unix, [Net.Sockets.SocketType]::Stream, [Net.Sockets.ProtocolType]::Unspecified)
            try { $socket.Bind([Net.Sockets.UnixDomainSocketEndPoint]::new("$dir/s.sock")); Start-CarbonTracking -Exporter Json -Path "$dir/s.sock" -Country FR }
            finally { $socket.Dispose() } } }
        @{ Case = 'path with a NUL'; Id = 'InvalidPath'; Script = { Start-CarbonTracking -Exporter Json -Path "a`0b" -Country FR } }
        @{ Case = 'path empty'; Id = 'ParameterArgumentValidationError'; Script = { Start-CarbonTracking -Exporter Json -Path '' -Country FR } }
        @{ Case = 'path without a file exporter'; Id = 'PathWithoutFileExporter'; Script = { Start-CarbonTracking -Path "$dir/a.jsonl" -Country FR } }
        @{ Case = 'exporter unknown'; Id = 'UnknownExporter'; Script = { Start-CarbonTracking -Exporter Fax -Country FR } }
        @{ Case = 'exporter of a wrong type'; Id = 'UnknownExporter'; Script = { Start-CarbonTracking -Exporter 42 -Country FR } }
        @{ Case = 'name empty'; Id = 'ParameterArgumentValidationError'; Script = { Start-CarbonTracking -Name '' -Country FR } }
        @{ Case = 'name blank'; Id = 'ParameterArgumentValidationError'; Script = { Start-CarbonTracking -Name ' ' -Country FR } }
        @{ Case = 'name over 128 characters'; Id = 'InvalidSessionName'; Script = { Start-CarbonTracking -Name ('n' * 100000) -Country FR } }
        @{ Case = 'name with a newline'; Id = 'InvalidSessionName'; Script = { Start-CarbonTracking -Name "a`nb" -Country FR } }
        @{ Case = 'name with a zero-width space'; Id = 'InvalidSessionName'; Script = { Start-CarbonTracking -Name "a$([char]0x200B)b" -Country FR } }
        @{ Case = 'Invoke name with an escape'; Id = 'InvalidSessionName'; Script = { Invoke-CarbonTracking -Name "a$([char]27)[31m" -Country FR -Duration 00:00:01 } }
        @{ Case = 'exporter null'; Id = 'NullExporter'; Script = { Start-CarbonTracking -Exporter @($null) -Country FR } }
        @{ Case = 'Measure exporter null in a list'; Id = 'NullExporter'; Script = { Measure-CarbonEmission { 1 } -Exporter @($null) -Country FR } }
        @{ Case = 'exporter null among others'; Id = 'NullExporter'; Script = { Start-CarbonTracking -Exporter Stdout, $null -Country FR } }
        @{ Case = 'probe unknown'; Id = 'UnknownProbe'; Script = { Start-CarbonTracking -Probe Geiger -Country FR } }
        @{ Case = 'probe unavailable'; Id = 'ProbeNotAvailable'; Script = { Start-CarbonTracking -Probe NvidiaGpu -Country FR } }
        @{ Case = 'probe root relative'; Id = 'InvalidEnvironmentVariable'; Script = { $env:TRACARBON_PROC_ROOT = 'proc'; Start-CarbonTracking -Country FR } }
        @{ Case = 'cloud instance type unknown'; Id = 'ProbeNotAvailable'; Script = { $env:TRACARBON_INSTANCE_TYPE = 'aws:z9.huge'; Start-CarbonTracking -Probe CloudInstance -Country FR } }
        @{ Case = 'metric prefix malformed'; Id = 'InvalidEnvironmentVariable'; Script = { $env:TRACARBON_METRIC_PREFIX_NAME = '9 bad-prefix'; Start-CarbonTracking -Country FR } }
        @{ Case = 'API key empty'; Id = 'EmptyApiKey'; Script = { Start-CarbonTracking -Country FR -ApiKey '' } }
        @{ Case = 'refresh minutes zero'; Id = 'ParameterArgumentValidationError'; Script = { Start-CarbonTracking -Country FR -IntensityRefreshMinutes 0 } }
        @{ Case = 'live with an empty key'; Id = 'EmptyApiKey'; Script = { Get-CarbonIntensity -Country FR -Live -ApiKey '' } }
        @{ Case = 'live without a key'; Id = 'MissingApiKey'; Script = { Get-CarbonIntensity -Country FR -Live } }
        @{ Case = 'power sample too short'; Id = 'InvalidSampleInterval'; Script = { Get-CarbonPower -SampleSeconds 0.001 } }
        @{ Case = 'power sample NaN'; Id = 'InvalidSampleInterval'; Script = { Get-CarbonPower -SampleSeconds ([double]::NaN) } }
        @{ Case = 'samples of no session'; Id = 'TrackingNotStarted'; Script = { Get-CarbonSample -Name nothing -ErrorAction Stop } }
        @{ Case = 'samples -Last 0'; Id = 'ParameterArgumentValidationError'; Script = { Get-CarbonSample -Last 0 } }
        @{ Case = 'location URL not http'; Id = 'InvalidUrl'; Script = { Get-CarbonLocation -AwsMetadataUrl 'file:///etc/passwd' -NoGeolocation } }
        @{ Case = 'location country unknown'; Id = 'UnknownCountry'; Script = { Get-CarbonLocation -Country XX } }
        @{ Case = 'intensity URL env not http'; Id = 'InvalidEnvironmentVariable'; Script = { $env:TRACARBON_CO2SIGNAL_URL = 'ftp://x'; $env:TRACARBON_CO2SIGNAL_API_KEY = 'k'; Start-CarbonTracking -Country FR } }
        @{ Case = 'Prometheus port env garbage'; Id = 'InvalidExporterSetting'; Script = { $env:PROMETHEUS_PORT = 'eighty'; try { Start-CarbonTracking -Exporter Prometheus -Country FR } finally { Remove-Item Env:PROMETHEUS_PORT } } }
        @{ Case = 'Prometheus port env 0'; Id = 'InvalidExporterSetting'; Script = { $env:PROMETHEUS_PORT = '0'; try { Start-CarbonTracking -Exporter Prometheus -Country FR } finally { Remove-Item Env:PROMETHEUS_PORT } } }
        @{ Case = 'Datadog port env over 65535'; Id = 'InvalidExporterSetting'; Script = { $env:DD_DOGSTATSD_PORT = '70000'; try { Start-CarbonTracking -Exporter Datadog -Country FR } finally { Remove-Item Env:DD_DOGSTATSD_PORT } } }
        @{ Case = 'exporter port 0'; Id = 'InvalidPort'; Script = { New-CarbonExporter -Type Prometheus -Port 0 } }
        @{ Case = 'exporter port over 65535'; Id = 'InvalidPort'; Script = { New-CarbonExporter -Type Datadog -Port 65536 } }
        @{ Case = 'listen address garbage'; Id = 'InvalidListenAddress'; Script = { New-CarbonExporter -Type Prometheus -ListenAddress 'everywhere' } }
        @{ Case = 'exporter type unknown'; Id = 'UnknownExporter'; Script = { New-CarbonExporter -Type Pigeon } }
        @{ Case = 'path with a wildcard'; Id = 'InvalidPath'; Script = { Start-CarbonTracking -Exporter Json -Path "$dir/*.jsonl" -Country FR } }
        @{ Case = 'report path with a wildcard'; Id = 'InvalidPath'; Script = { Export-CarbonReport -Path "$dir/report?.html" } }
        @{ Case = 'intensity of a null country'; Id = 'UnknownCountry'; Script = { Get-CarbonIntensity -Country $null } }
        @{ Case = 'intensity of a country and a region'; Id = 'CountryWithRegion'; Script = { Get-CarbonIntensity -Country FR -Region aws:eu-west-3 } }
        @{ Case = 'intensity of an empty country list'; Id = 'UnknownCountry'; Script = { Get-CarbonIntensity -Country @() } }
        @{ Case = 'tracking a null country'; Id = 'UnknownCountry'; Script = { Start-CarbonTracking -Country $null } }
        @{ Case = 'tracking a blank region'; Id = 'UnknownRegion'; Script = { Start-CarbonTracking -Region ' ' } }
        @{ Case = 'foreground tracking of a null country'; Id = 'UnknownCountry'; Script = { Invoke-CarbonTracking -Country $null -Duration 1 } }
        @{ Case = 'port in use'; Id = 'PortInUse'; Script = {
            $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $listener.Start()
            try { Start-CarbonTracking -Exporter (New-CarbonExporter -Type Prometheus -Port $listener.LocalEndpoint.Port) -Country FR }
            finally { $listener.Stop() } } }
        @{ Case = 'CSV with other columns'; Id = 'CsvHeaderMismatch'; Script = {
            Set-Content "$dir/other.csv" 'a,b,c'; Start-CarbonTracking -Exporter Csv -Path "$dir/other.csv" -Country FR } }
        @{ Case = 'one file, two sessions'; Id = 'FileInUse'; Script = {
            Start-CarbonTracking -Name first -Exporter Json -Path "$dir/one.jsonl" -Country FR
            try { Start-CarbonTracking -Exporter Json -Path "$dir/one.jsonl" -Country FR } finally { $null = Stop-CarbonTracking -Name first } } }
        @{ Case = 'exporter object reused'; Id = 'ExporterInUse'; Script = {
            $e = New-CarbonExporter -Type Stdout
            Start-CarbonTracking -Name first -Exporter $e -Country FR
            try { Start-CarbonTracking -Exporter $e -Country FR }
            finally { if ((Stop-CarbonTracking -Name first)[0].Errors -ne 0) { throw 'the first session was harmed' } } } }
        @{ Case = 'two exporters, one file'; Id = 'FileInUse'; Script = { Start-CarbonTracking -Exporter Json, Csv -Path "$dir/both.out" -Country FR } }
        @{ Case = 'cgroup not found'; Id = 'CgroupNotFound'; Script = { Start-CarbonTracking -Cgroup /no/such/cgroup -Country FR } }
        @{ Case = 'cgroup relative'; Id = 'CgroupNotFound'; Script = { Start-CarbonTracking -Cgroup relative -Country FR } }
        @{ Case = 'Datadog host malformed'; Id = 'InvalidExporterSetting'; Script = { New-CarbonExporter -Type Datadog -HostName 'bad host name!' } }
        @{ Case = 'country and region together'; Id = 'CountryWithRegion'; Script = { Start-CarbonTracking -Country FR -Region aws:eu-west-3 } }
        @{ Case = 'country and region env together'; Id = 'CountryWithRegion'; Script = { $env:TRACARBON_COUNTRY = 'FR'; $env:TRACARBON_CLOUD_REGION = 'aws:eu-central-1'; Start-CarbonTracking } }
        @{ Case = 'Invoke country and region env'; Id = 'CountryWithRegion'; Script = { $env:TRACARBON_COUNTRY = 'DE'; $env:TRACARBON_CLOUD_REGION = 'gcp:europe-west1'; Invoke-CarbonTracking -Duration 00:00:01 } }
        @{ Case = 'Invoke country and region'; Id = 'CountryWithRegion'; Script = { Invoke-CarbonTracking -Country DE -Region gcp:europe-west1 -Duration 00:00:01 } }
        @{ Case = 'path for Prometheus'; Id = 'SettingNotForExporter'; Script = { New-CarbonExporter -Type Prometheus -Path "$dir/p.txt" } }
        @{ Case = 'port for Json'; Id = 'SettingNotForExporter'; Script = { New-CarbonExporter -Type Json -Path "$dir/j.jsonl" -Port 9000 } }
        @{ Case = 'listen address for Datadog'; Id = 'SettingNotForExporter'; Script = { New-CarbonExporter -Type datadog -ListenAddress 127.0.0.1 } }
        @{ Case = 'host name for Otlp'; Id = 'SettingNotForExporter'; Script = { New-CarbonExporter -Type Otlp -HostName localhost } }
        @{ Case = 'endpoint for Csv'; Id = 'SettingNotForExporter'; Script = { New-CarbonExporter -Type Csv -Path "$dir/c.csv" -Endpoint 'http://127.0.0.1:4318/v1/metrics' } }
        @{ Case = 'process name unknown, piped'; Id = 'ProcessNotFound'; Script = { 'no-such-process-tracarbon' | Start-CarbonTracking -Country FR } }
        @{ Case = 'process id unknown'; Id = 'ProcessNotFound'; Script = { Start-CarbonTracking -Process 2147483000 -Country FR } }
        @{ Case = 'process id 0'; Id = 'ProcessNotFound'; Script = { Start-CarbonTracking -Process 0 -Country FR } }
        @{ Case = 'Measure process id 0'; Id = 'ProcessNotFound'; Script = { Measure-CarbonEmission { 1 } -Process 0 -Country FR } }
        @{ Case = 'location country empty'; Id = 'UnknownCountry'; Script = { Get-CarbonLocation -Country '' -NoCloudMetadata -NoGeolocation } }
        @{ Case = 'location country null'; Id = 'UnknownCountry'; Script = { Get-CarbonLocation -Country $null -NoCloudMetadata -NoGeolocation } }
        @{ Case = 'location region blank'; Id = 'UnknownRegion'; Script = { Get-CarbonLocation -Region ' ' -NoCloudMetadata -NoGeolocation } }
        @{ Case = 'process name empty'; Id = 'ProcessNotFound'; Script = { Start-CarbonTracking -Process '' -Country FR } }
        @{ Case = 'location region env unknown'; Id = 'InvalidEnvironmentVariable'; Script = { $env:TRACARBON_CLOUD_REGION = 'aws:nope'; Get-CarbonLocation -NoCloudMetadata -NoGeolocation } }
        @{ Case = 'location country and region'; Id = 'CountryWithRegion'; Script = { Get-CarbonLocation -Country DE -Region aws:eu-west-3 } }
        @{ Case = 'containers under no cgroup root'; Id = 'AttributionNotAvailable'; Script = { $env:TRACARBON_CGROUP_ROOT = '/no/such/cgroup/root'; Start-CarbonTracking -Containers -Country FR } }
        @{ Case = 'process id unknown twice'; Id = 'ProcessNotFound'; Script = { Start-CarbonTracking -Process 2147483001 -Country FR } }
        @{ Case = 'process exited'; Id = 'ProcessExited'; Script = {
            $p = Start-Process sleep -ArgumentList 0 -PassThru; $p.WaitForExit(); Start-CarbonTracking -Process $p -Country FR } }
        @{ Case = 'process exited, piped'; Id = 'ProcessExited'; Script = {
            $p = Start-Process sleep -ArgumentList 0 -PassThru; $p.WaitForExit(); $p | Start-CarbonTracking -Country FR } }
        @{ Case = 'live with a bad URL env'; Id = 'InvalidEnvironmentVariable'; Script = { $env:TRACARBON_CO2SIGNAL_URL = 'ftp://x'; Get-CarbonIntensity -Country FR -Live -ApiKey k } }
    ) {
        Get-ErrorId $Script | Should -Be $Id
    }
}

Describe 'A -Path that is not a file to append to' {
    It 'is refused at start, naming the path and what would do' {
        $e = try { Start-CarbonTracking -Exporter (New-CarbonExporter -Type Json -Path /proc/version) -Country FR; $null } catch { $_ }

        $e.FullyQualifiedErrorId | Should -Be 'PathNotWritable,Tracarbon.PowerShell.Commands.StartCarbonTrackingCommand'
        $e.CategoryInfo.Category | Should -Be 'WriteError'
        $e.TargetObject | Should -Be '/proc/version'
        $e.Exception.Message | Should -Be "'/proc/version' is a kernel interface file on procfs, not a file the exporter can append to."
        $e.ErrorDetails.RecommendedAction | Should -Be 'Give -Path a regular file (new or existing) on a disk, a named pipe that a reader has open, or a character device such as /dev/null.'
        Get-CarbonTrackingSession | Should -BeNullOrEmpty
    }

    It 'takes a character device such as /dev/null, every tick without an error' {
        Start-CarbonTracking -Name devnull -Exporter Json -Path /dev/null -IntervalSeconds 0.05 -Country FR
        Start-Sleep -Milliseconds 300
        $report = Stop-CarbonTracking -Name devnull

        $report[0].Errors | Should -Be 0
    }
}

Describe 'Session names and exporter lists' {
    AfterEach {
        Get-CarbonTrackingSession | ForEach-Object { $null = Stop-CarbonTracking -Name $_.Name }
    }

    It 'refuses a name over 128 characters, saying how long it is and what the limit is' {
        $name = 'n' * 100000
        $e = try { Start-CarbonTracking -Name $name -Country FR; $null } catch { $_ }

        $e.FullyQualifiedErrorId | Should -Be 'InvalidSessionName,Tracarbon.PowerShell.Commands.StartCarbonTrackingCommand'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.TargetObject | Should -Be $name
        $e.Exception.Message | Should -Be "The session name '$('n' * 40)…' is 100000 characters long; the limit is 128."
        $e.ErrorDetails.RecommendedAction | Should -Be "Give -Name at most 128 printable characters, such as 'nightly-build'."
        Get-CarbonTrackingSession | Should -BeNullOrEmpty
    }

    It 'names the character that does not print' {
        $e = try { Start-CarbonTracking -Name "run`t1" -Country FR; $null } catch { $_ }

        $e.Exception.Message | Should -Be "The session name 'run\u00091' holds the character U+0009 at position 4, which does not print."
        $e.TargetObject | Should -Be "run`t1"
    }

    It 'takes a name of 128 printable characters, accents and emoji included' {
        $name = ('é' * 126) + [char]::ConvertFromUtf32(0x1F331)
        $name.Length | Should -Be 128

        Start-CarbonTracking -Name $name -Country FR

        (Get-CarbonTrackingSession).Name | Should -Be $name
    }

    It 'refuses a null exporter, naming its position' {
        $e = try { Start-CarbonTracking -Exporter Stdout, $null -Country FR; $null } catch { $_ }

        $e.FullyQualifiedErrorId | Should -Be 'NullExporter,Tracarbon.PowerShell.Commands.StartCarbonTrackingCommand'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.TargetObject.Count | Should -Be 2
        $e.TargetObject[0] | Should -Be 'Stdout'
        $e.Exception.Message | Should -Be 'The exporter at position 2 of 2 in -Exporter is null.'
        $e.ErrorDetails.RecommendedAction | Should -Be 'Give each -Exporter element a name (Json, Csv, Prometheus, Datadog, Stdout), a script block or an object from New-CarbonExporter; a variable that was never set is null.'
        Get-CarbonTrackingSession | Should -BeNullOrEmpty
    }

    It 'takes an empty -Exporter list as no exporter, as leaving the parameter out does' {
        Start-CarbonTracking -Name empty -Exporter @() -Country FR

        (Get-CarbonTrackingSession -Name empty).Exporter | Should -BeNullOrEmpty
    }
}

Describe 'A code from the environment that the tables do not know' {
    It 'names the variable it came from' {
        $env:TRACARBON_COUNTRY = 'ZZ'
        try {
            $err = $null
            try { Start-CarbonTracking -ErrorAction Stop } catch { $err = $_ }
        } finally { Remove-Item Env:TRACARBON_COUNTRY }
        $err.FullyQualifiedErrorId | Should -Be 'InvalidEnvironmentVariable,Tracarbon.PowerShell.Commands.StartCarbonTrackingCommand'
        $err.TargetObject | Should -Be 'TRACARBON_COUNTRY'
        $err.Exception.Message | Should -BeLike "TRACARBON_COUNTRY is set to 'ZZ': *"
        Get-CarbonTrackingSession | Should -BeNullOrEmpty
    }
}

Describe 'A -Country given no value' {
    It 'says so and what leaving it out would do, instead of taking the world average' {
        $err = $null
        try { Get-CarbonIntensity -Country $null -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'UnknownCountry,Tracarbon.PowerShell.Commands.GetCarbonIntensityCommand'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Be '-Country was given no value (null or empty).'
        $err.ErrorDetails.RecommendedAction | Should -Be 'Give an ISO 3166-1 alpha-2 code such as FR, or leave -Country out for the world average.'
    }
}

Describe 'A country and a region named together' {
    AfterEach {
        Get-CarbonTrackingSession | ForEach-Object { $null = Stop-CarbonTracking -Name $_.Name }
        Get-ChildItem Env:TRACARBON_* | Remove-Item
    }

    It 'refuses TRACARBON_COUNTRY and TRACARBON_CLOUD_REGION both set, naming both' {
        $env:TRACARBON_COUNTRY = 'FR'
        $env:TRACARBON_CLOUD_REGION = 'aws:eu-central-1'

        $e = try { Start-CarbonTracking; $null } catch { $_ }

        $e.FullyQualifiedErrorId | Should -Be 'CountryWithRegion,Tracarbon.PowerShell.Commands.StartCarbonTrackingCommand'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.TargetObject | Should -Be 'FR / aws:eu-central-1'
        $e.Exception.Message | Should -Be "Both TRACARBON_COUNTRY 'FR' and TRACARBON_CLOUD_REGION 'aws:eu-central-1' are set; they name two grids."
        $e.ErrorDetails.RecommendedAction | Should -Be 'Remove TRACARBON_COUNTRY or TRACARBON_CLOUD_REGION, or give -Country or -Region, which the variables then do not stand in for.'
    }

    It 'lets -Country stand when both variables are set, as they only stand in for a missing place' {
        $env:TRACARBON_COUNTRY = 'FR'
        $env:TRACARBON_CLOUD_REGION = 'aws:eu-central-1'

        Start-CarbonTracking -Country SE -PassThru -WarningVariable w | Select-Object -ExpandProperty Location | Should -Be 'SE'
        $w | Should -BeNullOrEmpty
    }

    It 'warns which place is used when -Country overrides a piped location with a region' {
        $location = Get-CarbonLocation -Region aws:eu-central-1

        $info = $location | Start-CarbonTracking -Country FR -PassThru -WarningVariable w

        $info.Location | Should -Be 'FR'
        @($w).Count | Should -Be 1
        $w[0].Message | Should -Be "Using -Country 'FR' for the intensity, not the piped location's region 'aws:eu-central-1'."
    }

    It 'warns when -Region overrides a piped location of another region' {
        $info = Get-CarbonLocation -Region aws:eu-central-1 | Start-CarbonTracking -Region aws:eu-west-3 -PassThru -WarningVariable w

        $info.Location | Should -Be 'aws:eu-west-3'
        $w.Message | Should -Be "Using -Region 'aws:eu-west-3' for the intensity, not the piped location's region 'aws:eu-central-1'."
    }

    It 'says nothing when -Country names the piped location''s own country' {
        $info = Get-CarbonLocation -Country FR | Start-CarbonTracking -Country fra -PassThru -WarningVariable w

        $info.Location | Should -Be 'FR'
        $w | Should -BeNullOrEmpty
    }
}
