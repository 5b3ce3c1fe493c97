using System.Diagnostics;
using System.Globalization;
using System.Text;
using Yunbao.Application;
using Yunbao.Domain.Heatmaps;
using Yunbao.Domain.Tiles;

namespace Yunbao.Bench;

/// <summary>
/// The classic GDAL job on the same points, for the side-by-side column: `gdal_grid` count within the kernel radius on
/// the zoom-18 pixel grid (EPSG:3857) → `gdaldem color-relief` → `gdal2tiles.py` zooms 12–18. Only run when GDAL is on
/// PATH; wall time of the three commands (writing the CSV is not counted).
/// </summary>
internal static class GdalPipeline
{
    public static async Task<double?> RunAsync(IReadOnlyList<HeatPoint> points, double radiusMeters, DistrictOptions district)
    {
        var dir = Directory.CreateTempSubdirectory("yunbao-gdal-");
        try
        {
            var inv = CultureInfo.InvariantCulture;
            var csv = new StringBuilder("x,y\n");
            const double half = TileMath.EarthCircumferenceMeters / 2;
            foreach (var p in points)
            {
                var (gx, gy) = TileMath.ToGlobalPixel(p.Location, 0);
                csv.Append(inv, $"{gx / 256 * TileMath.EarthCircumferenceMeters - half:F2},{half - gy / 256 * TileMath.EarthCircumferenceMeters:F2}\n");
            }
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "points.csv"), csv.ToString());
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "points.vrt"), """
                <OGRVRTDataSource><OGRVRTLayer name="points"><SrcDataSource>points.csv</SrcDataSource>
                <GeometryType>wkbPoint</GeometryType><LayerSRS>EPSG:3857</LayerSRS><GeometryField encoding="PointFromColumns" x="x" y="y"/>
                </OGRVRTLayer></OGRVRTDataSource>
                """);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "ramp.txt"), "0 0 0 0 0\n1 0 0 255 120\n10 0 255 0 170\n50 255 255 0 205\n200 255 0 0 235\n");
            var (minX, minY, maxX, maxY) = TileMath.TileRange(district.Bounds, 18);
            var world = TileMath.EarthCircumferenceMeters / (1 << 18);
            var (west, east) = (minX * world - half, (maxX + 1) * world - half);
            var (north, south) = (half - minY * world, half - (maxY + 1) * world);
            var width = (maxX - minX + 1) * 256;
            var height = (maxY - minY + 1) * 256;
            var r = radiusMeters.ToString("R", inv);
            var sw = Stopwatch.StartNew();
            await Run(dir.FullName, "gdal_grid", $"-q -a count:radius1={r}:radius2={r} -txe {west.ToString("R", inv)} {east.ToString("R", inv)} -tye {north.ToString("R", inv)} {south.ToString("R", inv)} -outsize {width} {height} -a_srs EPSG:3857 -ot Float32 -l points points.vrt count.tif");
            await Run(dir.FullName, "gdaldem", "color-relief -q -alpha count.tif ramp.txt coloured.tif");
            await Run(dir.FullName, "gdal2tiles.py", $"-q -z 12-18 -w none --xyz --processes={Environment.ProcessorCount} coloured.tif tiles");
            return sw.Elapsed.TotalSeconds;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task Run(string workingDirectory, string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { WorkingDirectory = workingDirectory, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"could not start {tool}");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {errors}");
    }
}
