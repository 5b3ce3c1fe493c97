namespace Yunbao.Infrastructure.Cosmos;

/// <summary>Cosmos DB settings, section "Cosmos": a connection string locally, the account endpoint (managed identity) in Azure.</summary>
public sealed class CosmosOptions
{
    public const string Section = "Cosmos";
    /// <summary>Local: "AccountEndpoint=http://127.0.0.1:P/;AccountKey=...".</summary>
    public string? ConnectionString { get; set; }
    /// <summary>Azure: "https://{account}.documents.azure.com:443/", used with a managed identity.</summary>
    public string? AccountEndpoint { get; set; }
    /// <summary>Client id of a user-assigned identity; null = the system-assigned identity.</summary>
    public string? ManagedIdentityClientId { get; set; }
    public string DatabaseName { get; set; } = CosmosNames.Database;
}
