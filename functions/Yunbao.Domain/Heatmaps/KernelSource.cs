
namespace Yunbao.Domain.Heatmaps;

/// <summary>One incident's kernel placed in a zoom's global pixel space.</summary>
/// <param name="X">Global pixel x of the incident (pixel i's centre is at i + 0.5).</param>
/// <param name="Y">Global pixel y of the incident.</param>
/// <param name="RadiusPixels">Kernel bandwidth in pixels at this zoom; zero beyond it.</param>
/// <param name="Peak">Intensity at the incident itself (weight × normalisation).</param>
public readonly record struct KernelSource(double X, double Y, double RadiusPixels, double Peak)
{
    /// <summary>This kernel's intensity at a global pixel position.</summary>
    public double IntensityAt(double x, double y) =>
        Peak * HeatmapKernel.Quartic(((x - X) * (x - X) + (y - Y) * (y - Y)) / (RadiusPixels * RadiusPixels));
}
