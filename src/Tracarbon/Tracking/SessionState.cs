namespace Tracarbon.Tracking
{
    public enum SessionState
    {
        Created,
        Running,
        Stopped,
    }
}
