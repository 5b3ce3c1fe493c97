using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>A camera on a pole at an intersection or plaza, looking in one direction.</summary>
public sealed record FixedCamera(string DeviceId, string SiteName, GeoPoint Position, double HeadingDeg);
