using System;
using Tracarbon.Carbon;
using Xunit;

namespace Tracarbon.Tests.Carbon.Live
{
    public sealed class ElectricityMapsSettingsTests
    {
        [Theory]
        [InlineData("file:///etc/passwd")]
        [InlineData("ftp://127.0.0.1/v1/latest?countryCode=")]
        [InlineData("not a url")]
        public void AUrlThatIsNoHttpUrlIsRefusedByName(string value)
        {
            var fromParameter = Assert.Throws<ArgumentException>(() => new ElectricityMapsClient(
                new ElectricityMapsOptions { ApiKey = "k", Url = value, Environment = _ => null }));
            var fromVariable = Assert.Throws<ArgumentException>(() => new ElectricityMapsClient(
                new ElectricityMapsOptions
                {
                    ApiKey = "k",
                    Environment = name => name == "TRACARBON_CO2SIGNAL_URL" ? value : null,
                }));

            Assert.Equal("Url", fromParameter.ParamName);
            Assert.Contains(value, fromParameter.Message);
            Assert.Equal("TRACARBON_CO2SIGNAL_URL", fromVariable.ParamName);
            Assert.Contains(value, fromVariable.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        public void AnEmptyKeyIsRefused(string key)
        {
            var fromParameter = Assert.Throws<ArgumentException>(() => new ElectricityMapsClient(
                new ElectricityMapsOptions { ApiKey = key, Environment = _ => null }));
            var fromVariable = Assert.Throws<ArgumentException>(() => new ElectricityMapsClient(
                new ElectricityMapsOptions
                {
                    Environment = name => name == "TRACARBON_CO2SIGNAL_API_KEY" ? key : null,
                }));

            Assert.Contains("empty", fromParameter.Message);
            Assert.Equal("ApiKey", fromParameter.ParamName);
            Assert.Equal("TRACARBON_CO2SIGNAL_API_KEY", fromVariable.ParamName);
        }

        [Fact]
        public void NoKeyAtAllSaysHowToGiveOne()
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new ElectricityMapsClient(new ElectricityMapsOptions { Environment = _ => null }));

            Assert.Contains("TRACARBON_CO2SIGNAL_API_KEY", ex.Message);
        }

        [Fact]
        public void AKeyAHeaderCannotCarryIsRefusedWithoutQuotingIt()
        {
            var ex = Assert.Throws<ArgumentException>(() => new ElectricityMapsClient(
                new ElectricityMapsOptions { ApiKey = "abc\r\nX-Evil: 1", Environment = _ => null }));

            Assert.DoesNotContain("abc", ex.Message);
            Assert.DoesNotContain("Evil", ex.Message);
        }

        [Theory]
        [InlineData("FR&zone=DE")]
        [InlineData("")]
        [InlineData("F R")]
        public void AZoneThatIsNoCodeIsRefused(string zone)
        {
            ElectricityMapsClient client = LiveFixtures.Client(LoopbackHttpServer.ClosedPortUrl());

            Assert.Throws<ArgumentException>(() => client.GetLatest(zone));
        }
    }
}
