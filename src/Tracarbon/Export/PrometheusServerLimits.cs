using System;

namespace Tracarbon.Export
{
    /// <summary>
    /// What the metrics endpoint allows one client, so that a flood of connections or of malformed
    /// requests costs a bounded number of threads, bytes and seconds.
    /// </summary>
    public sealed class PrometheusServerLimits
    {
        /// <summary>A Prometheus scrape sends well under 1 KiB of head; 8 KiB leaves room for proxies.</summary>
        public const int DefaultMaxRequestHeadBytes = 8192;

        /// <summary>A few Prometheus servers scraping at once, plus a person with curl.</summary>
        public const int DefaultMaxConnections = 8;

        private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(10);
        private static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

        public PrometheusServerLimits(
            int maxConnections = DefaultMaxConnections,
            TimeSpan? readTimeout = null,
            int maxRequestHeadBytes = DefaultMaxRequestHeadBytes,
            TimeSpan? idleTimeout = null)
        {
            if (maxConnections < 1 || maxConnections > 1024)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(maxConnections), maxConnections, "Allow from 1 to 1024 connections at once.");
            }

            TimeSpan timeout = readTimeout ?? TimeSpan.FromSeconds(5);
            if (timeout < Shortest || timeout > Longest)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(readTimeout), timeout, "The read timeout must be between 10 ms and 5 minutes.");
            }

            if (maxRequestHeadBytes < 256 || maxRequestHeadBytes > 1024 * 1024)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(maxRequestHeadBytes),
                    maxRequestHeadBytes,
                    "The request head limit must be 256 bytes to 1 MiB.");
            }

            TimeSpan idle = idleTimeout ?? TimeSpan.FromSeconds(5);
            if (idle < Shortest || idle > Longest)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(idleTimeout), idle, "The idle timeout must be between 10 ms and 5 minutes.");
            }

            MaxConnections = maxConnections;
            ReadTimeout = timeout;
            MaxRequestHeadBytes = maxRequestHeadBytes;
            IdleTimeout = idle;
        }

        public static PrometheusServerLimits Default { get; } = new PrometheusServerLimits();

        /// <summary>
        /// Connections open at once, kept-alive ones included for as long as they stay open; one more is
        /// answered 503 and closed. It also bounds the server's threads: one serves each open connection.
        /// </summary>
        public int MaxConnections { get; }

        /// <summary>How long a client has to send its whole request head (not each piece of it).</summary>
        public TimeSpan ReadTimeout { get; }

        /// <summary>The longest request line plus headers, in bytes; a longer head is answered 431.</summary>
        public int MaxRequestHeadBytes { get; }

        /// <summary>
        /// How long a kept-alive connection may wait, after an answer, for its next request to begin; then
        /// the server closes it without a word. Short by default: an idle connection holds one of the
        /// <see cref="MaxConnections"/> slots, and a scraper that comes back every 15 s reconnects in
        /// microseconds on loopback.
        /// </summary>
        public TimeSpan IdleTimeout { get; }
    }
}
