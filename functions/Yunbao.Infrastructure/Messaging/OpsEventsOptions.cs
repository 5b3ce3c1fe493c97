namespace Yunbao.Infrastructure.Messaging;

/// <summary>
/// Where ops events go. Bound from "EventHubs" (the app settings infra-bicep sets): in Azure `FullyQualifiedNamespace` with
/// the app's managed identity (Event Hubs Data Sender on ops-events); locally `ConnectionString` (the Event Hubs stand-in,
/// with UseDevelopmentEmulator=true).
/// </summary>
public sealed class OpsEventsOptions
{
    public const string Section = "EventHubs";

    public string? ConnectionString { get; set; }
    public string? FullyQualifiedNamespace { get; set; }
    public string OpsEventsHubName { get; set; } = "ops-events";
    /// <summary>Client id of a user-assigned identity; empty means the system-assigned one.</summary>
    public string? ClientId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);
}
