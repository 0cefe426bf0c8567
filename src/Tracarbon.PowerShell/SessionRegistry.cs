using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using Tracarbon.Tracking;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// The tracking sessions of each runspace, by name. A runspace sees only its own sessions; when it
    /// closes or the module is removed from it, its sessions are stopped and their exporters flushed.
    /// </summary>
    internal static class SessionRegistry
    {
        private static readonly ConcurrentDictionary<(Guid Runspace, string Name), TrackingSession> Sessions =
            new ConcurrentDictionary<(Guid, string), TrackingSession>(new KeyComparer());

        private static readonly ConcurrentDictionary<Guid, Runspace> Watched = new ConcurrentDictionary<Guid,
            Runspace>();

        public static int Count => Sessions.Count;

        public static Guid CurrentRunspaceId => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

        /// <summary>
        /// Invoke-CarbonTracking runs in progress. Each keeps the process alive on SIGTERM to stop its own
        /// session and write its report, so the signal does not end the process and sessions stay as they are.
        /// </summary>
        internal static int ForegroundRuns;

        public static bool TryAdd(string name, TrackingSession session)
        {
            ModuleLifetime.NoteSessionAdded();
            Runspace? runspace = Runspace.DefaultRunspace;
            Guid id = runspace?.InstanceId ?? Guid.Empty;
            if (!Sessions.TryAdd((id, name), session))
            {
                return false;
            }

            if (runspace != null && Watched.TryAdd(id, runspace))
            {
                runspace.StateChanged += OnRunspaceStateChanged;
            }

            return true;
        }

        public static bool TryGet(string name, out TrackingSession session) =>
            Sessions.TryGetValue((CurrentRunspaceId, name), out session!);

        public static bool TryRemove(string name, out TrackingSession session) =>
            Sessions.TryRemove((CurrentRunspaceId, name), out session!);

        public static IReadOnlyList<TrackingSession> InCurrentRunspace()
        {
            Guid id = CurrentRunspaceId;
            return Sessions.Where(p => p.Key.Runspace == id).Select(p => p.Value).ToList();
        }

        /// <summary>Stops every session of a runspace (or of all, when null), keeping no report.</summary>
        public static void StopAll(Guid? runspace)
        {
            // All at once: one session's slow exporters (a hung script block waits out the stop timeout)
            // must not hold up the others' stop, nor keep them measuring meanwhile.
            var stopping = new List<System.Threading.Tasks.Task>();
            foreach (var pair in Sessions.ToArray())
            {
                if (runspace.HasValue && pair.Key.Runspace != runspace.Value)
                {
                    continue;
                }

                if (Sessions.TryRemove(pair.Key, out TrackingSession? session))
                {
                    // A thread each: a stop may block for its whole timeout (see Stop-CarbonTracking).
                    stopping.Add(System.Threading.Tasks.Task.Factory.StartNew(
                        () =>
                        {
                            try
                            {
                                session.Dispose();
                            }
                            catch (InvalidOperationException)
                            {
                                // Already stopped by a racing Stop-CarbonTracking: nothing left to flush.
                            }
                        },
                        System.Threading.CancellationToken.None,
                        System.Threading.Tasks.TaskCreationOptions.LongRunning,
                        System.Threading.Tasks.TaskScheduler.Default));
                }
            }

            System.Threading.Tasks.Task.WaitAll(stopping.ToArray());
        }

        private static void OnRunspaceStateChanged(object? sender, RunspaceStateEventArgs e)
        {
            if (sender is Runspace runspace &&
                (e.RunspaceStateInfo.State == RunspaceState.Closed
                    || e.RunspaceStateInfo.State == RunspaceState.Broken))
            {
                runspace.StateChanged -= OnRunspaceStateChanged;
                Watched.TryRemove(runspace.InstanceId, out _);
                StopAll(runspace.InstanceId);
            }
        }

        /// <summary>Session names compare as PowerShell names do: without regard to case.</summary>
        private sealed class KeyComparer : IEqualityComparer<(Guid Runspace, string Name)>
        {
            public bool Equals((Guid Runspace, string Name) x, (Guid Runspace, string Name) y) =>
                x.Runspace == y.Runspace && StringComparer.OrdinalIgnoreCase.Equals(x.Name, y.Name);

            public int GetHashCode((Guid Runspace, string Name) obj) =>
                obj.Runspace.GetHashCode() ^ StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name);
        }
    }
}
