namespace Yunbao.Infrastructure.Cosmos;

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
