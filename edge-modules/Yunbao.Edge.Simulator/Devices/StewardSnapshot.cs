using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>What the DevHost sees of a simulated steward.</summary>
public sealed record StewardSnapshot(string StewardId, GeoPoint Position, double HeadingDeg, double SpeedKmh, bool Available, GeoPoint? Target, bool Arrived);
