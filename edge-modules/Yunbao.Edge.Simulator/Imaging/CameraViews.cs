
namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>The four views of the patrol car's 360° camera, as offsets from the car's heading.</summary>
public static class CameraViews
{
    public const string Front = "front";
    public const string Right = "right";
    public const string Rear = "rear";
    public const string Left = "left";
    public const string Fixed = "fixed";

    public static IReadOnlyList<(string View, double OffsetDeg)> Surround { get; } =
        [(Front, 0), (Right, 90), (Rear, 180), (Left, 270)];
}
