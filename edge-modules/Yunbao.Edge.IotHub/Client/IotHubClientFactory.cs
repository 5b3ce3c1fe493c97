using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// Finds the client's identity and trust, in the order IoT Edge documents: an explicit connection string, else
/// <c>EdgeHubConnectionString</c> (+ <c>EdgeModuleCACertificateFile</c>), else the IOTEDGE_* module environment,
/// where the workload API signs tokens and serves the trust bundle for TLS to edgeHub.
/// </summary>
internal static class IotHubClientFactory
{
    public static async Task<IotHubClient> CreateAsync(
        IotHubClientOptions options,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        Func<string, string?>? environment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        environment ??= Environment.GetEnvironmentVariable;
        var trusted = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(options.TrustedCaCertificateFile)) trusted.ImportFromPemFile(options.TrustedCaCertificateFile);

        IotHubConnectionSettings settings;
        ISasTokenSigner signer;
        WorkloadApiClient? workload = null;
        var connectionString = options.ConnectionString is { Length: > 0 } cs ? cs : environment("EdgeHubConnectionString");
        if (!string.IsNullOrEmpty(connectionString))
        {
            settings = IotHubConnectionSettings.Parse(connectionString);
            signer = new SharedAccessKeySigner(settings.SharedAccessKey!, settings.SharedAccessKeyName);
            // edgeHub's CA file comes with EdgeHubConnectionString, never with an explicit connection string.
            if (options.ConnectionString is not { Length: > 0 } && environment("EdgeModuleCACertificateFile") is { Length: > 0 } caFile)
                trusted.ImportFromPemFile(caFile);
        }
        else if (EdgeModuleEnvironment.TryRead(environment) is { } edge)
        {
            settings = edge.ToConnectionSettings();
            workload = new WorkloadApiClient(edge.WorkloadUri, edge.ApiVersion);
            signer = new WorkloadApiSigner(workload, edge.ModuleId, edge.GenerationId);
            try
            {
                if (options.UseTls && edge.GatewayHostName is not null)
                    trusted.AddRange(await workload.GetTrustBundleAsync(cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                workload.Dispose();
                throw;
            }
        }
        else
        {
            throw new InvalidOperationException(
                $"No IoT Hub identity: set {IotHubClientOptions.SectionName}:ConnectionString, or EdgeHubConnectionString, or run as an IoT Edge module (IOTEDGE_* variables).");
        }

        return new IotHubClient(options, settings, signer, loggerFactory, timeProvider, trusted.Count > 0 ? trusted : null, owned: workload);
    }
}
