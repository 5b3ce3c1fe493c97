using Yunbao.Contracts;
using Yunbao.Domain.Catalog;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Tests;

internal static class TestWorld
{
    private static readonly Lazy<SimulatedDistrict> s_lize = new(SimulatedDistrict.Lize);

    /// <summary>Lize's network and patrol loop, built once per test run.</summary>
    public static SimulatedDistrict Lize => s_lize.Value;

    public static readonly TimeZoneInfo Beijing = DistrictTime.Resolve("Asia/Shanghai");

    /// <summary>A local (Beijing) time on Wednesday 25 November 2026, a weekday.</summary>
    public static DateTimeOffset Wednesday(double hour) => DistrictTime.At(new DateOnly(2026, 11, 25), hour, Beijing);

    public static WorldModel NewWorld(int seed = 7) =>
        new(new SimulatorOptions { Seed = seed }, Lize, CategoryCatalog.Default);

    /// <summary>Options for fleet tests: the default fleet, with quieter stewards so tests stay fast.</summary>
    public static SimulatorOptions Options(int seed = 7) => new() { Seed = seed };
}
