
namespace Yunbao.Domain.Geo;

/// <summary>A point in metres on a local tangent plane: X east, Y north.</summary>
public readonly record struct PlanePoint(double X, double Y)
{
    public double DistanceTo(PlanePoint other) => Math.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));
}
