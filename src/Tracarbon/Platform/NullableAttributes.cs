#if NETSTANDARD2_0
namespace System.Diagnostics.CodeAnalysis
{
    // netstandard2.0 lacks these; the compiler honours them by name from any assembly, so the Try*
    // methods can still tell callers on newer runtimes when an out value is safe to use.

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    internal sealed class NotNullWhenAttribute : Attribute
    {
        public NotNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        public bool ReturnValue { get; }
    }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    internal sealed class MaybeNullWhenAttribute : Attribute
    {
        public MaybeNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        public bool ReturnValue { get; }
    }
}
#endif
