using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Simulation;
using Yunbao.Edge.Simulator.Geometry;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>
/// What a camera sees: violations within range and inside the field of view, projected with a pinhole
/// model onto the image, so a box's place and size follow bearing and distance (nearer = bigger and lower).
/// </summary>
public static class CameraModel
{
    /// <summary>Image row of the horizon, as a share of the height (a level camera, slightly below the middle).</summary>
    public const double HorizonShare = 0.42;

    public static double FocalPixels(int width, double fovDeg) => width / 2.0 / Math.Tan(fovDeg / 2 * Math.PI / 180);

    public static IReadOnlyList<GroundTruthObject> See(Vec2 position, double viewHeadingDeg, CameraMount mount, IEnumerable<Violation> candidates, int width, int height)
    {
        var f = FocalPixels(width, mount.HorizontalFovDeg);
        var horizon = height * HorizonShare;
        var seen = new List<(double Depth, GroundTruthObject Object)>();
        foreach (var v in candidates)
        {
            var rel = v.Local - position;
            var distance = rel.Length;
            if (distance > mount.RangeMeters || distance < 0.5) continue;
            var angle = Angles.Difference(rel.BearingDeg(), viewHeadingDeg);
            if (Math.Abs(angle) > mount.HorizontalFovDeg / 2) continue;
            var rad = angle * Math.PI / 180;
            var z = Math.Max(distance * Math.Cos(rad), 1.0); // depth along the optical axis
            var x = distance * Math.Sin(rad);
            var shape = ViolationShape.For(v.CategoryCode);
            var cx = width / 2.0 + f * x / z;
            var w = f * shape.WidthMeters / z;
            double top, bottom;
            if (shape.Flat)
            {
                // a patch on the ground spans from its near edge to its far edge
                bottom = horizon + f * mount.HeightMeters / Math.Max(z - shape.DepthMeters / 2, 0.8);
                top = horizon + f * mount.HeightMeters / (z + shape.DepthMeters / 2);
                if (bottom - top < 6) { var mid = (top + bottom) / 2; top = mid - 3; bottom = mid + 3; }
            }
            else
            {
                bottom = horizon + f * (mount.HeightMeters - shape.ElevationMeters) / z;
                top = bottom - f * shape.HeightMeters / z;
            }
            var box = Clip(cx - w / 2, top, cx + w / 2, bottom, width, height, out var visibleShare);
            // mostly outside the picture or a few pixels: a detector would not see it either
            if (box is null || visibleShare < 0.4 || box.Value.W < 6 || box.Value.H < 5) continue;
            seen.Add((z, new GroundTruthObject(v.Label, v.CategoryCode, box.Value, v.Position.Lon, v.Position.Lat, v.Congestion)));
        }
        // far first, so the renderer paints near objects over far ones
        return seen.OrderByDescending(s => s.Depth).Select(s => s.Object).ToList();
    }

    private static PixelBox? Clip(double x0, double y0, double x1, double y1, int width, int height, out double visibleShare)
    {
        var area = Math.Max((x1 - x0) * (y1 - y0), 1e-9);
        var cx0 = Math.Max(0, x0); var cy0 = Math.Max(0, y0);
        var cx1 = Math.Min(width, x1); var cy1 = Math.Min(height, y1);
        visibleShare = 0;
        if (cx1 <= cx0 || cy1 <= cy0) return null;
        visibleShare = (cx1 - cx0) * (cy1 - cy0) / area;
        var ix = (int)Math.Floor(cx0); var iy = (int)Math.Floor(cy0);
        return new PixelBox(ix, iy, (int)Math.Ceiling(cx1) - ix, (int)Math.Ceiling(cy1) - iy);
    }
}
