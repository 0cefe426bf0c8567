using System.Globalization;
using BenchmarkDotNet.Running;

namespace Tracarbon.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// "heap" runs the million-tick heap check; "pace [hz] [seconds]" the real-clock decomposition;
        /// anything else goes to BenchmarkDotNet.
        /// </summary>
        public static int Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "heap")
            {
                return HeapCheck.Run();
            }

            if (args.Length >= 1 && args[0] == "pace")
            {
                double hz = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 100;
                double seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5;
                return PaceCheck.Run(hz, seconds);
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
