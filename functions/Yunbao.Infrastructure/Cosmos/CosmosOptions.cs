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

/// <summary>Names of the database and containers (shared with Bicep). All containers are partitioned by /districtId.</summary>
public static class CosmosNames
{
    public const string Database = "yunbao";
    public const string Incidents = "incidents";
    public const string WorkOrders = "workorders";
    public const string Stewards = "stewards";
    public const string Devices = "devices";
    public const string PartitionKeyPath = "/districtId";
    public static readonly IReadOnlyList<string> Containers = [Incidents, WorkOrders, Stewards, Devices];
}
