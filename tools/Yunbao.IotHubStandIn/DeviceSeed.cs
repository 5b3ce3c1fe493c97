
namespace Yunbao.IotHubStandIn;

/// <summary>A device identity to register at start: key null means "generate one".</summary>
public sealed record DeviceSeed(string DeviceId, string? PrimaryKey = null, IReadOnlyList<string>? ModuleIds = null);
