namespace Yunbao.Infrastructure.Messaging;

/// <summary>
/// Where ops events go. Bound from "OpsEvents": locally `ConnectionString` (the Event Hubs stand-in, with
/// UseDevelopmentEmulator=true); in Azure `FullyQualifiedNamespace` with the app's managed identity (Event Hubs Data Sender).
/// </summary>
public sealed class OpsEventsOptions
{
    public const string Section = "OpsEvents";

    public string? ConnectionString { get; set; }
    public string? FullyQualifiedNamespace { get; set; }
    public string HubName { get; set; } = "ops-events";
    /// <summary>Client id of a user-assigned identity; empty means the system-assigned one.</summary>
    public string? ClientId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);
}
