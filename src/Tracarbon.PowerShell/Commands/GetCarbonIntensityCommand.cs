using System.Management.Automation;
using Tracarbon.Carbon;

namespace Tracarbon.PowerShell.Commands
{
    /// <summary>Looks up the carbon intensity of countries' electricity.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonIntensity")]
    [OutputType(typeof(CarbonIntensity))]
    public sealed class GetCarbonIntensityCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CountryCompleter))]
        public string[]? Country { get; set; }

        protected override void ProcessRecord()
        {
            if (Country == null)
            {
                IntensityValue world = CountryIntensityTable.Default.WorldAverage;
                WriteWarning(IntensityResolver.WorldAverageWarning);
                WriteObject(new CarbonIntensity("World", "World average", world.GramsPerKilowattHour, world.Source, world.Year));
                return;
            }

            foreach (string code in Country)
            {
                if (IntensityResolver.TryFind(this, code, out CountryIntensity country))
                {
                    WriteObject(new CarbonIntensity(
                        country.Alpha2, country.Name, country.GramsPerKilowattHour, country.Source, country.Year));
                }
            }
        }
    }
}
