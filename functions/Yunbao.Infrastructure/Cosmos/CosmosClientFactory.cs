using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Identity;
using Microsoft.Azure.Cosmos;
using Yunbao.Contracts;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>Builds the one CosmosClient of a process, for Azure (managed identity) or the local cosmosdb-server.</summary>
public static class CosmosClientFactory
{
    /// <param name="requestTimeout">Bounds every request (RequestTimeout and the gateway HttpClient), see <see cref="DependencyTimeoutOptions"/>.</param>
    public static CosmosClient Create(CosmosOptions options, TimeSpan? requestTimeout = null)
    {
        var timeout = requestTimeout ?? new DependencyTimeoutOptions().CosmosRequestTimeout;
        // The SDK probes the Azure instance metadata address at start-up unless this is set (ENVIRONMENT.md).
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");

        var clientOptions = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            // Documents use the one JSON policy, so queries render enum parameters as the documents store them.
            UseSystemTextJsonSerializerWithOptions = YunbaoJson.Options,
            ApplicationName = "yunbao",
            RequestTimeout = timeout,
            // Gateway mode: a handler that bounds each attempt and fails the SDK's retries fast after a timeout, so a server
            // that accepts and never answers fails the request in seconds (the SDK's own policy allows over half a minute).
            HttpClientFactory = () => new HttpClient(new FailFastHandler(new SocketsHttpHandler(), timeout)),
        };

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var endpoint = EndpointOf(options.ConnectionString);
            if (LocalCosmosQueryPlanHandler.IsLoopback(endpoint))
            {
                // cosmosdb-server advertises an https address it does not serve; stay on the given endpoint.
                clientOptions.LimitToEndpoint = true;
                clientOptions.HttpClientFactory = () => new HttpClient(new LocalCosmosQueryPlanHandler(new FailFastHandler(new SocketsHttpHandler(), timeout)));
            }
            return new CosmosClient(options.ConnectionString, clientOptions);
        }

        if (!string.IsNullOrWhiteSpace(options.AccountEndpoint))
        {
            // Never DefaultAzureCredential: it probes credential sources we do not use and the metadata address.
            var credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
            return new CosmosClient(options.AccountEndpoint, credential, clientOptions);
        }

        throw new InvalidOperationException("Cosmos is not configured: set Cosmos__connectionString (local) or Cosmos__accountEndpoint (Azure).");
    }

    private static Uri EndpointOf(string connectionString)
    {
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part[..eq].Equals("AccountEndpoint", StringComparison.OrdinalIgnoreCase))
                return new Uri(part[(eq + 1)..]);
        }
        throw new InvalidOperationException("The Cosmos connection string has no AccountEndpoint.");
    }
}
