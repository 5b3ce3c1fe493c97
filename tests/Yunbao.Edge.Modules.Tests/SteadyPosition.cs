using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Yunbao.Contracts.Geo;
using Yunbao.Edge.Modules;

namespace Yunbao.Edge.Modules.Tests;

/// <summary>A vehicle standing at one place at a given speed (speed matters for the capture interval).</summary>
public sealed class SteadyPosition(GeoPoint position, double headingDeg, double speedKmh) : IPositionSource
{
    public PositionFix Read(DateTimeOffset at) => new(at, position, headingDeg, speedKmh);
}
