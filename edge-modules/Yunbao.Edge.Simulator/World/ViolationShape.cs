
namespace Yunbao.Edge.Simulator.World;

/// <summary>How big a violation looks to a camera and how it is drawn.</summary>
public sealed record ViolationShape(double WidthMeters, double HeightMeters, double ElevationMeters = 0, bool Flat = false, double DepthMeters = 0)
{
    public static ViolationShape For(string categoryCode) => categoryCode switch
    {
        "illegal-parking" => new(4.2, 1.5),
        "street-laundry" => new(3.2, 1.9),
        "umbrella-stall" => new(2.4, 2.4),
        "street-vending" => new(2.2, 1.8),
        "out-of-store-business" => new(2.8, 1.3),
        "garbage-overflow" => new(1.4, 1.4),
        "exposed-garbage" => new(1.8, 0.7),
        "material-stacking" => new(2.6, 1.3),
        "bicycle-disorder" => new(3.4, 1.1),
        "illegal-banner" => new(5.0, 1.0, ElevationMeters: 2.2),
        "road-damage" => new(1.4, 0, Flat: true, DepthMeters: 1.2),
        "manhole-cover" => new(1.0, 0, Flat: true, DepthMeters: 0.9),
        "construction-occupation" => new(4.5, 1.3),
        "waterlogging" => new(6.0, 0, Flat: true, DepthMeters: 4.0),
        _ => new(1.5, 1.5),
    };
}
