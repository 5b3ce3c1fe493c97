
namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>A camera's optics: a level pinhole camera at a height, with a horizontal field of view and a useful range.</summary>
public sealed record CameraMount(double HeightMeters, double HorizontalFovDeg, double RangeMeters);
