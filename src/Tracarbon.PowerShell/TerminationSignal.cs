using System;
using System.Reflection;
using System.Threading;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Turns SIGTERM into a cancellation while a foreground session runs, so a service manager's stop
    /// ends the session cleanly and the report is still written; or, for background sessions, runs a last
    /// action (stop and flush them) before the signal ends the process as it would have. The runtime's
    /// <c>PosixSignalRegistration</c> exists on .NET 6 and later only, so it is reached by reflection
    /// from this netstandard2.0 assembly; on Windows PowerShell 5.1 there is nothing to register. Other
    /// handlers of the host application stay registered and are still called.
    /// </summary>
    internal sealed class TerminationSignal : IDisposable
    {
        private const int SigTerm = -4; // PosixSignal.SIGTERM in .NET's portable numbering.

        private readonly IDisposable? _registration;

        /// <summary>Keeps the process alive on SIGTERM and sets <paramref name="cancel"/> instead.</summary>
        public TerminationSignal(EventWaitHandle cancel)
            : this(() => cancel.Set(), keepAlive: true)
        {
        }

        /// <summary>Calls <paramref name="onSignal"/> on SIGTERM; the process then ends unless kept alive.</summary>
        public TerminationSignal(Action onSignal, bool keepAlive)
        {
            Type? registration = Type.GetType("System.Runtime.InteropServices.PosixSignalRegistration, System.Runtime.InteropServices");
            Type? signal = Type.GetType("System.Runtime.InteropServices.PosixSignal, System.Runtime.InteropServices");
            Type? context = Type.GetType("System.Runtime.InteropServices.PosixSignalContext, System.Runtime.InteropServices");
            MethodInfo? create = registration?.GetMethod("Create");
            PropertyInfo? cancelProperty = context?.GetProperty("Cancel");
            if (create == null || signal == null || context == null || cancelProperty == null)
            {
                return;
            }

            var handler = new Handler(onSignal, keepAlive, cancelProperty);
            Delegate callback = Delegate.CreateDelegate(
                typeof(Action<>).MakeGenericType(context), handler, typeof(Handler).GetMethod(nameof(Handler.Handle))!);
            _registration = (IDisposable?)create.Invoke(null, new object[] { Enum.ToObject(signal, SigTerm),
                callback });
        }

        public void Dispose() => _registration?.Dispose();

        private sealed class Handler
        {
            private readonly Action _onSignal;
            private readonly bool _keepAlive;
            private readonly PropertyInfo _cancelProperty;

            public Handler(Action onSignal, bool keepAlive, PropertyInfo cancelProperty)
            {
                _onSignal = onSignal;
                _keepAlive = keepAlive;
                _cancelProperty = cancelProperty;
            }

            public void Handle(object context)
            {
                // Kept alive: the foreground session stops and writes its report, then the command returns.
                // Otherwise the runtime ends the process once this returns, as it would have without us.
                // Never cleared here: another handler's wish to keep the process alive stands.
                if (_keepAlive)
                {
                    _cancelProperty.SetValue(context, true);
                }

                _onSignal();
            }
        }
    }
}
