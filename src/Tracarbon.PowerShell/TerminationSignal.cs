using System;
using System.Reflection;
using System.Threading;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Turns SIGTERM into a cancellation while a foreground session runs, so a service manager's stop
    /// ends the session cleanly and the report is still written. The runtime's
    /// <c>PosixSignalRegistration</c> exists on .NET 6 and later only, so it is reached by reflection
    /// from this netstandard2.0 assembly; on Windows PowerShell 5.1 there is nothing to register. Other
    /// handlers of the host application stay registered and are still called.
    /// </summary>
    internal sealed class TerminationSignal : IDisposable
    {
        private const int SigTerm = -4; // PosixSignal.SIGTERM in .NET's portable numbering.

        private readonly IDisposable? _registration;

        public TerminationSignal(EventWaitHandle cancel)
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

            var handler = new Handler(cancel, cancelProperty);
            Delegate callback = Delegate.CreateDelegate(
                typeof(Action<>).MakeGenericType(context), handler, typeof(Handler).GetMethod(nameof(Handler.Handle))!);
            _registration = (IDisposable?)create.Invoke(null, new object[] { Enum.ToObject(signal, SigTerm),
                callback });
        }

        public void Dispose() => _registration?.Dispose();

        private sealed class Handler
        {
            private readonly EventWaitHandle _cancel;
            private readonly PropertyInfo _cancelProperty;

            public Handler(EventWaitHandle cancel, PropertyInfo cancelProperty)
            {
                _cancel = cancel;
                _cancelProperty = cancelProperty;
            }

            public void Handle(object context)
            {
                // Keep the process alive until the session has stopped and the report is written.
                _cancelProperty.SetValue(context, true);
                _cancel.Set();
            }
        }
    }
}
