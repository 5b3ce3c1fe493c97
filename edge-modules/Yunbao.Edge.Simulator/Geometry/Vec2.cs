using Yunbao.Domain.Geo;

namespace Yunbao.Edge.Simulator.Geometry;

/// <summary>A point in metres east (X) and north (Y) of a local origin.</summary>
public readonly record struct Vec2(double X, double Y)
{
    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);
    public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);
    public static Vec2 operator *(Vec2 a, double k) => new(a.X * k, a.Y * k);
    public double Length => Math.Sqrt(X * X + Y * Y);
    public double Dot(Vec2 o) => X * o.X + Y * o.Y;
    public Vec2 Normalized() { var l = Length; return l < 1e-12 ? new Vec2(0, 0) : new Vec2(X / l, Y / l); }
    /// <summary>Unit vector pointing to the right of this direction (clockwise 90°).</summary>
    public Vec2 RightNormal() => new Vec2(Y, -X).Normalized();
    /// <summary>Compass bearing of this direction in degrees clockwise from north, 0..360.</summary>
    public double BearingDeg() => Angles.Normalize(Math.Atan2(X, Y) * 180 / Math.PI);
    public static Vec2 From(PlanePoint p) => new(p.X, p.Y);
    public PlanePoint ToPlane() => new(X, Y);

    public static Vec2 FromBearing(double bearingDeg, double length = 1)
    {
        var r = bearingDeg * Math.PI / 180;
        return new Vec2(Math.Sin(r) * length, Math.Cos(r) * length);
    }
}
