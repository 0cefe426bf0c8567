using System;

namespace Tracarbon.Platform.Http
{
    /// <summary>Checks the base URLs a user or an environment variable gives before anything is sent.</summary>
    internal static class HttpUrl
    {
        /// <summary>
        /// Parses an absolute http or https URL. Anything else (<c>file:</c>, <c>ftp:</c>, a bare host, garbage)
        /// is refused naming <paramref name="name"/>, the parameter or environment variable it came from.
        /// </summary>
        public static Uri Parse(string? value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"{name} must be an http or https URL; it is empty.", name);
            }

            string text = value!.Trim();
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.Host.Length == 0)
            {
                throw new ArgumentException(
                    $"{name} must be an http or https URL such as 'http://127.0.0.1:8080'; '{text}' is not.", name);
            }

            return uri;
        }

        /// <summary>
        /// Scheme, host and port only, for messages: user information and query strings can hold secrets.
        /// </summary>
        public static string Display(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

        /// <summary>Joins a base URL and an absolute path, keeping any path prefix the base has.</summary>
        public static Uri Combine(Uri baseUrl, string pathAndQuery)
        {
            string text = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
            return new Uri(text + pathAndQuery, UriKind.Absolute);
        }
    }
}
