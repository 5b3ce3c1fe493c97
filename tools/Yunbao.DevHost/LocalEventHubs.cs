using System.Security.Cryptography;
using Yunbao.EventHubsStandIn;

namespace Yunbao.DevHost;

/// <summary>
/// The run's Event Hubs STAND-IN (local, not Azure Event Hubs), in process on a free loopback port, with the hubs the
/// Bicep deploys (`telemetry`, `ops-events`) and a key made up for this run only.
/// </summary>
public static class LocalEventHubs
{
    public const string KeyName = "yunbao-local";
    public const string TelemetryHub = "telemetry";
    public const string OpsEventsHub = "ops-events";
    /// <summary>The Functions app's own consumer group on `telemetry` (as infra-bicep names it).</summary>
    public const string AppConsumerGroup = "yunbao-app";

    public static Task<EventHubsStandIn.EventHubsStandIn> StartAsync() =>
        EventHubsStandIn.EventHubsStandIn.StartAsync(new EventHubsStandInOptions
        {
            Hubs =
            [
                new EventHubDefinition { Name = TelemetryHub, PartitionCount = 2, ConsumerGroups = [AppConsumerGroup] },
                new EventHubDefinition { Name = OpsEventsHub, PartitionCount = 2 },
            ],
            Keys = [new StandInAccessKey(KeyName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))],
        });

    /// <summary>A namespace-level connection string (no EntityPath): the app names the hub itself.</summary>
    public static string NamespaceConnectionString(EventHubsStandIn.EventHubsStandIn hubs)
    {
        var withHub = hubs.ConnectionString(OpsEventsHub);
        return withHub.Replace($";EntityPath={OpsEventsHub}", "", StringComparison.Ordinal);
    }
}
