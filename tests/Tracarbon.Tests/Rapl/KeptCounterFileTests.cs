using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Tracarbon.Measurement;
using Tracarbon.Measurement.Rapl;
using Tracarbon.Platform;
using Xunit;

namespace Tracarbon.Tests.Rapl
{
    /// <summary>
    /// The native reader keeps a counter read on every tick open and reads it again at offset 0. These
    /// tests change the file every way a tree can change between ticks and check each read gives what
    /// the path holds now, never what the kept descriptor saw, and that no descriptor outlives its use.
    /// </summary>
    public sealed class KeptCounterFileTests
    {
        [LinuxFact]
        public void KeptFileRewrittenInPlaceIsReadAnew()
        {
            using var tree = OneZone();
            using var reader = new NativeCounterFileReader(keep: true);
            var file = EnergyFile(tree);

            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out ulong first, keepOpen: true));
            Assert.Equal(1_000UL, first);
            Assert.Equal(1, reader.KeptCount);
            Assert.True(file.Kept!.CheckLinks); // a file in /tmp could be replaced: its links are looked at
            int descriptor = file.Kept!.Descriptor;

            tree.Set("intel-rapl:0", 2_345_678);
            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out ulong second, keepOpen: true));
            Assert.Equal(2_345_678UL, second);

            // The same descriptor served the second read: nothing was opened again.
            Assert.Equal(descriptor, file.Kept!.Descriptor);
            Assert.Single(DescriptorsOn(file.Path));
        }

        [LinuxFact]
        public void KeptFileReplacedByRenameIsOpenedAgain()
        {
            using var tree = OneZone();
            using var reader = new NativeCounterFileReader(keep: true);
            var file = EnergyFile(tree);
            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out _, keepOpen: true));

            string temp = file.Path + ".new";
            File.WriteAllText(temp, "9000\n");
            File.Move(temp, file.Path, overwrite: true);

            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out ulong value, keepOpen: true));
            Assert.Equal(9_000UL, value);
            Assert.Equal(1, reader.KeptCount);
            Assert.Single(DescriptorsOn(file.Path));
        }

        [LinuxFact]
        public void KeptFileRemovedIsMissingAndComesBackWithItsZone()
        {
            using var tree = OneZone();
            using var reader = new NativeCounterFileReader(keep: true);
            var file = EnergyFile(tree);
            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out _, keepOpen: true));

            tree.Remove("intel-rapl:0");
            Assert.Equal(ReadOutcome.Missing, reader.ReadUInt64(file, out _, keepOpen: true));
            Assert.Equal(0, reader.KeptCount);

            tree.Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 7_777);
            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out ulong value, keepOpen: true));
            Assert.Equal(7_777UL, value);
        }

        [LinuxFact]
        public void OneOffReadsKeepNothingOpen()
        {
            using var tree = OneZone();
            using var reader = new NativeCounterFileReader(keep: true);
            var file = EnergyFile(tree);

            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out ulong value));
            Assert.Equal(1_000UL, value);
            Assert.Equal(0, reader.KeptCount);
            Assert.Empty(DescriptorsOn(file.Path));
        }

        [LinuxFact]
        public void ReaderThatDoesNotKeepOpensEveryTime()
        {
            using var tree = OneZone();
            using var reader = new NativeCounterFileReader(keep: false);
            var file = EnergyFile(tree);

            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out _, keepOpen: true));
            tree.Set("intel-rapl:0", 4_000);
            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out ulong value, keepOpen: true));
            Assert.Equal(4_000UL, value);
            Assert.Equal(0, reader.KeptCount);
            Assert.Empty(DescriptorsOn(file.Path));
        }

        [LinuxFact]
        public void DefaultReaderKeepsCountersOpenHere()
        {
            // This machine runs Linux with statx, so the probe's reader must take the cheap path; were it
            // to fall back silently, the 100 Hz figures in bench/RESULTS.md would no longer hold.
            using var tree = OneZone();
            using var reader = CounterFileReader.CreateDefault();
            var file = EnergyFile(tree);
            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out _, keepOpen: true));
            Assert.Equal(1, Assert.IsType<NativeCounterFileReader>(reader).KeptCount);
        }

        [LinuxFact]
        public void ASysfsAttributeIsReadAgainWithoutTheLinkCheck()
        {
            // This machine has no powercap zone, but any numeric sysfs attribute takes the same path: the
            // kept descriptor skips statx there, and each pread at 0 gives the attribute afresh.
            var file = new CounterFile("/sys/kernel/uevent_seqnum");
            using var reader = new NativeCounterFileReader(keep: true);
            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out ulong first, keepOpen: true));
            Assert.False(file.Kept!.CheckLinks);
            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(file, out ulong second, keepOpen: true));
            ulong now = ulong.Parse(File.ReadAllText(file.Path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(second, first, now);
        }

        [LinuxFact]
        public void ProbeHoldsOneDescriptorPerCounterAndClosesThemOnDispose()
        {
            using var tree = TwoPackages();
            var probe = new RaplProbe(tree.Root);
            probe.Start();
            var readings = new ProbeReadings();
            for (int i = 0; i < 5; i++)
            {
                readings.Clear();
                tree.Set("intel-rapl:0", 1_000_000 + ((ulong)i * 1_000_000));
                probe.Sample(1, readings);
            }

            Assert.Equal(6, DescriptorsUnder(tree.Root).Length);

            // A second start replaces the topology: its files are opened anew, the old ones closed.
            probe.Start();
            probe.Sample(1, readings);
            Assert.Equal(6, DescriptorsUnder(tree.Root).Length);

            probe.Dispose();
            Assert.Empty(DescriptorsUnder(tree.Root));
        }

        [LinuxFact]
        public void ProbeKeepsMeasuringWhenTheTreeIsReplacedUnderIt()
        {
            // Package 0's counter advances 5 J between ticks; halfway the whole zone folder is swapped for a
            // copy whose counter has moved on. Each interval must see the file the path names at that tick.
            using var tree = TwoPackages();
            using var probe = new RaplProbe(tree.Root);
            probe.Start();
            var readings = new ProbeReadings();
            double?[] watts = new double?[4];
            for (int i = 0; i < watts.Length; i++)
            {
                ulong energy = 1_000_000 + ((ulong)(i + 1) * 5_000_000);
                if (i == 2)
                {
                    tree.Remove("intel-rapl:0");
                    tree.Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, energy);
                }
                else
                {
                    tree.Set("intel-rapl:0", energy);
                }

                readings.Clear();
                probe.Sample(1, readings);
                watts[i] = probe.Zones.Single(z => z.Path.EndsWith("intel-rapl:0", StringComparison.Ordinal)).PowerWatts;
            }

            Assert.Equal(5.0, watts[0]!.Value, 9);
            Assert.Equal(5.0, watts[1]!.Value, 9);
            Assert.Equal(5.0, watts[2]!.Value, 9);
            Assert.Equal(5.0, watts[3]!.Value, 9);
        }

        [LinuxFact]
        public void DescriptorsOfAReaderNobodyDisposedAreClosedByTheCollector()
        {
            using var tree = OneZone();
            string path = Path.Combine(tree.Root, "intel-rapl:0", "energy_uj");
            ReadCheckAndDrop(path);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Empty(DescriptorsOn(path));
        }

        /// <summary>
        /// Reads with a reader kept alive until its descriptor is seen (a collection caused by a test
        /// running beside this one must not close it first), then lets go of it. A method of its own, so
        /// that no stack slot of the caller still holds the reader.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ReadCheckAndDrop(string path)
        {
            var reader = new NativeCounterFileReader(keep: true);
            Assert.Equal(ReadOutcome.Ok, reader.ReadUInt64(new CounterFile(path), out _, keepOpen: true));
            Assert.Single(DescriptorsOn(path));
            GC.KeepAlive(reader);
        }

        /// <summary>One package zone whose counter reads 1000 µJ.</summary>
        private static PowercapTree OneZone() =>
            new PowercapTree().Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000);

        private static CounterFile EnergyFile(PowercapTree tree) =>
            new CounterFile(Path.Combine(tree.Root, "intel-rapl:0", "energy_uj"));

        private static PowercapTree TwoPackages() => new PowercapTree()
            .Zone("intel-rapl:0", "package-0", PowercapTree.PackageMax, 1_000_000)
            .Zone("intel-rapl:0:0", "core", PowercapTree.PackageMax, 1_000_000)
            .Zone("intel-rapl:0:1", "dram", PowercapTree.DramMax, 1_000_000)
            .Zone("intel-rapl:1", "package-1", PowercapTree.PackageMax, 1_000_000)
            .Zone("intel-rapl:1:0", "core", PowercapTree.PackageMax, 1_000_000)
            .Zone("intel-rapl:1:1", "dram", PowercapTree.DramMax, 1_000_000);

        /// <summary>This process's descriptors open on <paramref name="path"/>, from /proc/self/fd.</summary>
        private static string[] DescriptorsOn(string path) =>
            OpenTargets().Where(target => target == path).ToArray();

        private static string[] DescriptorsUnder(string root) =>
            OpenTargets().Where(target => target.StartsWith(root + "/", StringComparison.Ordinal)).ToArray();

        private static string[] OpenTargets() =>
            Directory.GetFiles("/proc/self/fd")
                .Select(fd =>
                {
                    try
                    {
                        return new FileInfo(fd).LinkTarget ?? string.Empty;
                    }
                    catch (IOException)
                    {
                        return string.Empty; // closed between listing and reading
                    }
                })
                .ToArray();
    }
}
