using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Tracarbon.PowerShell.Tests
{
    public sealed class IntensityCommandTests : System.IDisposable
    {
        private readonly PowerShellHost _ps = new PowerShellHost();

        public void Dispose() => _ps.Dispose();

        [Fact]
        public void ACountryCodeInAnyCaseGivesItsTableRow()
        {
            var result = _ps.Run("Get-CarbonIntensity -Country fr").Single().BaseObject as CarbonIntensity;

            Assert.NotNull(result);
            Assert.Equal("FR", result!.Country);
            Assert.Equal("France", result.CountryName);
            Assert.Equal(56.039, result.IntensityGramsPerKilowattHour, 1e-9);
            Assert.Equal(2023, result.Year);
            Assert.Contains("global_energy_mix", result.Source);
        }

        [Fact]
        public void SeveralCodesAndPipelineInputEachAnswerAndABadOneIsANonTerminatingError()
        {
            var results = _ps.Run("'FR', 'XX', 'de' | Get-CarbonIntensity").Select(o => (CarbonIntensity)o.BaseObject).ToList();

            Assert.Equal(new[] { "FR", "DE" }, results.Select(r => r.Country));
            ErrorRecord error = Assert.Single(_ps.Errors);
            Assert.StartsWith("UnknownCountry", error.FullyQualifiedErrorId);
            Assert.Equal("XX", error.TargetObject);
        }

        [Fact]
        public void PropertyNameInputBindsCountry()
        {
            var results = _ps.Run("[pscustomobject]@{ Country = 'GB' } | Get-CarbonIntensity");

            Assert.Equal("United Kingdom", ((CarbonIntensity)results.Single().BaseObject).CountryName);
        }

        [Fact]
        public void APipedLocationGivesItsRegionsFigureNotItsCountrys()
        {
            var result = (CarbonIntensity)_ps.Run(
                "[Tracarbon.CarbonLocation]::new('FR', 'France', 'aws:eu-west-3', 'aws', $null, 'Explicit') | " +
                "Get-CarbonIntensity").Single().BaseObject;

            // The region's own factor (52), not France's yearly 56.039.
            Assert.Equal("aws:eu-west-3", result.Country);
            Assert.Equal(52.0, result.IntensityGramsPerKilowattHour, 1e-9);
        }

        [Fact]
        public void APipedLocationWhoseRegionTheTableLacksGivesItsCountrysFigure()
        {
            var result = (CarbonIntensity)_ps.Run(
                "[Tracarbon.CarbonLocation]::new('SE', $null, 'aws:eu-north-99', 'aws', $null, 'AwsMetadata') | " +
                "Get-CarbonIntensity").Single().BaseObject;

            Assert.Equal("SE", result.Country);
            Assert.Equal("Sweden", result.CountryName);
            Assert.Equal(2023, result.Year);
            Assert.Empty(_ps.Errors);
        }

        [Fact]
        public void APipedUnknownLocationGivesTheWorldAverageWithAWarning()
        {
            var result = (CarbonIntensity)_ps.Run(
                "[Tracarbon.CarbonLocation]::new($null, $null, $null, $null, $null, 'None') | Get-CarbonIntensity")
                .Single().BaseObject;

            Assert.Equal("World", result.Country);
            Assert.Contains(_ps.Warnings, w => w.ToString()!.StartsWith("No country given", System.StringComparison.Ordinal));
        }

        [Fact]
        public void CountryCompletionOffersCodesWithNamesAsTooltips()
        {
            var matches = _ps.Run(
                "$s = 'Get-CarbonIntensity -Country F'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches")
                .Select(o => (CompletionResult)o.BaseObject).ToList();

            CompletionResult fr = Assert.Single(matches, m => m.CompletionText == "FR");
            Assert.Equal("France", fr.ToolTip);
            Assert.All(matches, m => Assert.StartsWith("F", m.CompletionText));
        }

        [Fact]
        public void ExporterCompletionOffersTheKnownTypes()
        {
            var matches = _ps.Run(
                "$s = 'Start-CarbonTracking -Exporter J'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches")
                .Select(o => ((CompletionResult)o.BaseObject).CompletionText).ToList();

            Assert.Equal(new[] { "Json" }, matches);
        }
    }
}
