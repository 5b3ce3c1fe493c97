namespace Yunbao.Infrastructure;

/// <summary>
/// Section "Timeouts": how long one storage or Cosmos call may take, so a stalled dependency yields a 503/504 in
/// seconds instead of a hang. Applied in one place (<see cref="InfrastructureServiceCollectionExtensions"/>) to every
/// Blob/Queue client (<c>Retry.NetworkTimeout</c>, <c>Retry.MaxRetries</c>) and to the CosmosClient
/// (<c>RequestTimeout</c>, the gateway HttpClient's timeout). Worst case for one call ≈ NetworkTimeout × (MaxRetries + 1).
/// </summary>
public sealed class DependencyTimeoutOptions
{
    public const string Section = "Timeouts";
    /// <summary>One attempt of one storage request.</summary>
    public TimeSpan StorageNetworkTimeout { get; set; } = TimeSpan.FromSeconds(4);
    /// <summary>Storage retries after the first attempt (Azure SDK exponential back-off from <see cref="StorageRetryDelay"/>).</summary>
    public int StorageMaxRetries { get; set; } = 1;
    public TimeSpan StorageRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>One Cosmos request (CosmosClientOptions.RequestTimeout and the gateway HttpClient's timeout).</summary>
    public TimeSpan CosmosRequestTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
