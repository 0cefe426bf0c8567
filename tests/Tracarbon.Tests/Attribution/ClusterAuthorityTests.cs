using System;
using System.Collections.Generic;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tracarbon.Attribution.Kubernetes;
using Xunit;

namespace Tracarbon.Tests.Attribution
{
    /// <summary>The API server certificate is checked against the cluster's own authority, as kubectl does.</summary>
    public sealed class ClusterAuthorityTests
    {
        [Fact]
        public void TrustsAServerSignedByTheClusterAuthorityOnly()
        {
            using X509Certificate2 authority = Authority("CN=kubernetes");
            using X509Certificate2 stranger = Authority("CN=someone else");
            using X509Certificate2 server = Signed(authority, "CN=kube-apiserver");
            List<X509Certificate2> fromPem = KubernetesClient.Pem(Encoding.ASCII.GetBytes(
                "# bundle\n" + Pem(stranger) + "\n" + Pem(authority)));

            Assert.Equal(2, fromPem.Count);
            Assert.Equal(authority.Thumbprint, fromPem[1].Thumbprint);
            Assert.True(KubernetesClient.Trusted(server, SslPolicyErrors.RemoteCertificateChainErrors, fromPem));
            Assert.False(KubernetesClient.Trusted(
                server, SslPolicyErrors.RemoteCertificateChainErrors, new List<X509Certificate2> { stranger }));
            Assert.False(KubernetesClient.Trusted(
                server, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors,
                fromPem));
            Assert.False(KubernetesClient.Trusted(null, SslPolicyErrors.RemoteCertificateNotAvailable, fromPem));
        }

        private static X509Certificate2 Authority(string name)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(
                new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        }

        private static X509Certificate2 Signed(X509Certificate2 authority, string name)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            byte[] serial = { 1, 2, 3, 4, 5, 6, 7, 8 };
            return request.Create(
                authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        }

        private static string Pem(X509Certificate2 certificate) =>
            "-----BEGIN CERTIFICATE-----\n"
            + Convert.ToBase64String(certificate.RawData, Base64FormattingOptions.InsertLineBreaks)
            + "\n-----END CERTIFICATE-----";
    }
}
