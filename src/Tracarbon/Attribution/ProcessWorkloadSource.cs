using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Tracarbon.Attribution
{
    /// <summary>
    /// Processes by pid, each alone or with its descendants. A process is known by its pid and start time,
    /// so a pid the kernel hands to another program is never taken for the process that had it. Once in a
    /// tree, a descendant stays there until it exits, even when its parent exits first and it is re-parented.
    /// </summary>
    internal sealed class ProcessWorkloadSource : IWorkloadSource
    {
        private readonly string _procRoot;
        private readonly long _pageSizeBytes;
        private readonly double _ticksPerSecond;
        private readonly bool _includeChildren;
        private readonly Tree[] _trees;
        private Dictionary<int, List<PidStat>>? _childrenByParent;

        public ProcessWorkloadSource(
            string procRoot, IEnumerable<int> pids, bool includeChildren, long pageSizeBytes, double ticksPerSecond)
        {
            _procRoot = procRoot;
            _includeChildren = includeChildren;
            _pageSizeBytes = pageSizeBytes;
            _ticksPerSecond = ticksPerSecond;
            var trees = new List<Tree>();
            foreach (int pid in new HashSet<int>(pids))
            {
                trees.Add(new Tree(pid));
            }

            _trees = trees.ToArray();
        }

        public bool UsesMachineCounters => true;

        public void Read(double intervalSeconds, List<WorkloadReading> readings, WarningLog warnings)
        {
            // The parent scan is a snapshot of one read; the next read must see the processes anew.
            _childrenByParent = null;
            var claimed = new HashSet<int>();
            foreach (Tree tree in _trees)
            {
                if (!tree.Ended && (tree.Identity != null || Find(tree, warnings)))
                {
                    ReadTree(tree, claimed, readings);
                }
            }
        }

        private bool Find(Tree tree, WarningLog warnings)
        {
            PidReadOutcome outcome = ProcPidFiles.TryReadStat(_procRoot, tree.RootPid, out PidStat root);
            if (outcome != PidReadOutcome.Read)
            {
                tree.Ended = true;
                warnings.Add(outcome == PidReadOutcome.Denied
                    ? $"The process {tree.RootPid} may not be read by this user ('{StatPath(tree.RootPid)}')."
                    : $"No process {tree.RootPid} was found under '{_procRoot}'.");
                return false;
            }

            tree.RootStart = root.StartTicks;
            tree.Identity = new WorkloadIdentity(
                "process:" + root.Pid.ToString(CultureInfo.InvariantCulture) + ":"
                    + root.StartTicks.ToString(CultureInfo.InvariantCulture),
                WorkloadKind.Process,
                root.Command)
            {
                ProcessId = root.Pid,
                Origin = StatPath(root.Pid),
            };
            return true;
        }

        private void ReadTree(Tree tree, HashSet<int> claimed, List<WorkloadReading> readings)
        {
            var current = new Dictionary<int, PidStat>();
            AddIfSame(current, tree.RootPid, tree.RootStart);
            foreach (KeyValuePair<int, Member> known in tree.Members)
            {
                AddIfSame(current, known.Key, known.Value.StartTicks);
            }

            if (_includeChildren)
            {
                AddDescendants(current);
            }

            ulong ticks = 0;
            double memory = 0;
            var members = new Dictionary<int, Member>();
            foreach (PidStat stat in current.Values)
            {
                // A process in two requested trees counts once, in the first: shares must not add past 1.
                if (!claimed.Add(stat.Pid))
                {
                    continue;
                }

                // First seen is a baseline: what it used before is unknown, so none of it is invented.
                if (tree.Members.TryGetValue(stat.Pid, out Member before) && before.StartTicks == stat.StartTicks
                    && stat.CpuTicks >= before.CpuTicks)
                {
                    ticks += stat.CpuTicks - before.CpuTicks;
                }

                members[stat.Pid] = new Member(stat.StartTicks, stat.CpuTicks);
                memory += ProcPidFiles.ResidentBytes(_procRoot, stat.Pid, _pageSizeBytes) ?? 0;
            }

            // An exited process keeps what its last read gave it: it simply stops appearing.
            tree.Members = members;
            if (current.Count == 0)
            {
                tree.Ended = true;
                return;
            }

            readings.Add(new WorkloadReading(tree.Identity!, ticks / _ticksPerSecond, memory));
        }

        private void AddIfSame(Dictionary<int, PidStat> current, int pid, ulong startTicks)
        {
            if (!current.ContainsKey(pid)
                && ProcPidFiles.TryReadStat(_procRoot, pid, out PidStat stat) == PidReadOutcome.Read
                && stat.StartTicks == startTicks)
            {
                current[pid] = stat;
            }
        }

        private void AddDescendants(Dictionary<int, PidStat> current)
        {
            var pending = new Queue<int>(current.Keys);
            while (pending.Count > 0)
            {
                int parent = pending.Dequeue();
                foreach (PidStat child in ChildrenOf(parent))
                {
                    if (child.ParentId == parent && !current.ContainsKey(child.Pid))
                    {
                        current[child.Pid] = child;
                        pending.Enqueue(child.Pid);
                    }
                }
            }
        }

        /// <summary>From the kernel's children lists where it has them, else from every process's parent id.</summary>
        private IEnumerable<PidStat> ChildrenOf(int parent)
        {
            List<int>? listed = ProcPidFiles.Children(_procRoot, parent);
            if (listed != null)
            {
                foreach (int pid in listed)
                {
                    if (ProcPidFiles.TryReadStat(_procRoot, pid, out PidStat stat) == PidReadOutcome.Read)
                    {
                        yield return stat;
                    }
                }

                yield break;
            }

            _childrenByParent ??= ScanParents();
            if (_childrenByParent.TryGetValue(parent, out List<PidStat>? scanned))
            {
                foreach (PidStat stat in scanned)
                {
                    yield return stat;
                }
            }
        }

        private Dictionary<int, List<PidStat>> ScanParents()
        {
            var byParent = new Dictionary<int, List<PidStat>>();
            foreach (int pid in ProcPidFiles.ListPids(_procRoot))
            {
                if (ProcPidFiles.TryReadStat(_procRoot, pid, out PidStat stat) == PidReadOutcome.Read)
                {
                    if (!byParent.TryGetValue(stat.ParentId, out List<PidStat>? siblings))
                    {
                        siblings = new List<PidStat>();
                        byParent[stat.ParentId] = siblings;
                    }

                    siblings.Add(stat);
                }
            }

            return byParent;
        }

        private string StatPath(int pid) =>
            Path.Combine(_procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat");

        private readonly struct Member
        {
            public Member(ulong startTicks, ulong cpuTicks)
            {
                StartTicks = startTicks;
                CpuTicks = cpuTicks;
            }

            public ulong StartTicks { get; }

            public ulong CpuTicks { get; }
        }

        private sealed class Tree
        {
            public Tree(int rootPid)
            {
                RootPid = rootPid;
            }

            public int RootPid { get; }

            public ulong RootStart { get; set; }

            public WorkloadIdentity? Identity { get; set; }

            public bool Ended { get; set; }

            public Dictionary<int, Member> Members { get; set; } = new Dictionary<int, Member>();
        }
    }
}
