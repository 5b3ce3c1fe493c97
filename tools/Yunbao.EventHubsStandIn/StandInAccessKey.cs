namespace Yunbao.EventHubsStandIn;

/// <summary>A shared access policy of the stand-in namespace: SAS tokens must be signed with its key.</summary>
public sealed record StandInAccessKey(string Name, string Key);
