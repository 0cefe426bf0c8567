using System;
using System.IO;
using System.Net;

namespace Tracarbon.Export
{
    /// <summary>A listening port that another program, or another session, already holds.</summary>
    public sealed class PortInUseException : IOException
    {
        public PortInUseException(IPAddress address, int port, Exception inner)
            : base($"Cannot serve metrics on {new IPEndPoint(address, port)}: port {port} is already in use on " +
                $"address {address}. Stop what holds it, or choose another port (PROMETHEUS_PORT).", inner)
        {
            Address = address;
            Port = port;
        }

        public IPAddress Address { get; }

        public int Port { get; }
    }
}
