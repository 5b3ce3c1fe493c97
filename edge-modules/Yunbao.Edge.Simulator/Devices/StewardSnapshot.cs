using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Geometry;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>What the DevHost sees of a simulated steward.</summary>
public sealed record StewardSnapshot(string StewardId, GeoPoint Position, double HeadingDeg, double SpeedKmh, bool Available, GeoPoint? Target, bool Arrived);
