using Yunbao.Contracts;
using System.Globalization;
using SkiaSharp;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Simulation;
using Yunbao.Edge.Simulator.Geometry;

namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>
/// Draws a synthetic camera frame: sky, buildings, road and sidewalk for the view, a simple shape for each
/// ground-truth object inside its box, and a "SIMULATED" overlay. Deterministic: the same capture and
/// objects give the same bytes. Stateless and thread-safe, so a camera module can use it as its frame source.
/// </summary>
public sealed class SyntheticFrameRenderer(int jpegQuality = 70, TimeZoneInfo? localZone = null, double cameraHeightMeters = 2.2)
{
    public const int DefaultWidth = 640;
    public const int DefaultHeight = 360;

    private readonly TimeZoneInfo _zone = localZone ?? DistrictTime.Beijing;

    public byte[] Render(FrameCapture capture, IReadOnlyList<GroundTruthObject> objects)
    {
        var width = capture.ImageWidth > 0 ? capture.ImageWidth : DefaultWidth;
        var height = capture.ImageHeight > 0 ? capture.ImageHeight : DefaultHeight;
        var rng = SeededRandom.For(0, $"{capture.DeviceId}/{capture.View}/{Math.Round(capture.Position.Lon, 4)}/{Math.Round(capture.Position.Lat, 4)}");
        var hour = DistrictTime.LocalHour(capture.CapturedAt, _zone);
        var daylight = Daylight(hour);

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            var horizon = (float)(height * CameraModel.HorizonShare);
            DrawSky(canvas, width, horizon, daylight);
            DrawScene(canvas, capture, width, height, horizon, daylight, rng);
            foreach (var o in objects)
            {
                var box = new SKRect(o.Box.X, o.Box.Y, o.Box.X + o.Box.W, o.Box.Y + o.Box.H);
                canvas.Save();
                canvas.ClipRect(box);
                DrawObject(canvas, o.CategoryCode, box, SeededRandom.For(0, $"{o.CategoryCode}/{o.Lon:F6}/{o.Lat:F6}"));
                canvas.Restore();
            }
            DrawOverlay(canvas, capture, width);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, jpegQuality);
        return data.ToArray();
    }

    private static double Daylight(double hour) => Math.Clamp(Math.Sin((hour - 6) / 13 * Math.PI) * 1.6, 0.15, 1); // ≈ 06:00–19:00

    private static SKColor Shade(SKColor c, double light) => new((byte)(c.Red * light), (byte)(c.Green * light), (byte)(c.Blue * light));

    private static SKPaint Fill(SKColor c) => new() { Color = c, IsAntialias = true, Style = SKPaintStyle.Fill };

    private static SKPaint Stroke(SKColor c, float w) => new() { Color = c, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, w) };

    private static void DrawSky(SKCanvas canvas, int width, float horizon, double light)
    {
        using var paint = new SKPaint();
        paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, horizon),
            [Shade(new SKColor(96, 150, 215), light), Shade(new SKColor(190, 215, 235), light)], SKShaderTileMode.Clamp);
        canvas.DrawRect(0, 0, width, horizon + 1, paint);
    }

    private void DrawScene(SKCanvas canvas, FrameCapture capture, int width, int height, float horizon, double light, SeededRandom rng)
    {
        var f = (float)CameraModel.FocalPixels(width, 90);
        var asphalt = Shade(new SKColor(88, 90, 94), light);
        var pavement = Shade(new SKColor(168, 160, 148), light);
        switch (capture.View)
        {
            case CameraViews.Front or CameraViews.Rear:
            {
                DrawSkyline(canvas, width, horizon, light, rng, maxHeight: horizon * 0.8f);
                using var side = Fill(pavement);
                canvas.DrawRect(0, horizon, width, height - horizon, side);
                // the carriageway in perspective: 14 m wide, camera in the right-hand lane
                var cx = width / 2f;
                var z = (float)(f * cameraHeightMeters / (height - horizon));
                var leftEdge = cx - f * 10.5f / z;
                var rightEdge = cx + f * 3.5f / z;
                using var road = Fill(asphalt);
                using var path = new SKPath();
                path.MoveTo(cx, horizon);
                path.LineTo(rightEdge, height);
                path.LineTo(leftEdge, height);
                path.Close();
                canvas.DrawPath(path, road);
                using var lane = Stroke(Shade(new SKColor(235, 235, 225), light), 3);
                lane.PathEffect = SKPathEffect.CreateDash([18, 14], 0);
                canvas.DrawLine(cx, horizon, cx - f * 3.5f / z, height, lane);
                break;
            }
            case CameraViews.Left or CameraViews.Right:
            {
                // looking sideways: the lane beside the car, the curb, the sidewalk and the shop fronts
                var curbY = horizon + (height - horizon) * 0.78f;
                var facadeY = horizon + (height - horizon) * 0.35f;
                using var facade = Fill(Shade(rng.Pick(Facades), light));
                canvas.DrawRect(0, 0, width, facadeY, facade);
                DrawWindows(canvas, 0, 8, width, facadeY - 12, light, rng, shopFront: true);
                using var walk = Fill(pavement);
                canvas.DrawRect(0, facadeY, width, curbY - facadeY, walk);
                using var tiles = Stroke(Shade(new SKColor(140, 134, 124), light), 1);
                for (var x = rng.Range(0, 40); x < width; x += 40) canvas.DrawLine((float)x, facadeY, (float)x - 30, curbY, tiles);
                using var curb = Fill(Shade(new SKColor(200, 200, 196), light));
                canvas.DrawRect(0, curbY, width, 5, curb);
                using var road = Fill(asphalt);
                canvas.DrawRect(0, curbY + 5, width, height - curbY - 5, road);
                break;
            }
            default:
            {
                // a fixed camera over a junction or plaza: paving, a crossing road, buildings behind
                DrawSkyline(canvas, width, horizon, light, rng, maxHeight: horizon * 0.9f);
                using var plaza = Fill(Shade(new SKColor(178, 170, 158), light));
                canvas.DrawRect(0, horizon, width, height - horizon, plaza);
                using var road = Fill(asphalt);
                canvas.DrawRect(0, horizon + 6, width, (height - horizon) * 0.22f, road);
                using var grid = Stroke(Shade(new SKColor(150, 142, 130), light), 1);
                for (var i = 1; i < 8; i++)
                {
                    var y = horizon + (height - horizon) * (0.25f + i * i / 70f);
                    canvas.DrawLine(0, y, width, y, grid);
                }
                break;
            }
        }
    }

    private static readonly SKColor[] Facades = [new(190, 180, 165), new(160, 170, 180), new(200, 195, 185), new(150, 150, 160), new(175, 160, 150)];

    private static void DrawSkyline(SKCanvas canvas, int width, float horizon, double light, SeededRandom rng, float maxHeight)
    {
        var x = -rng.Range(0, 40);
        while (x < width)
        {
            var w = rng.Range(40, 110);
            var h = rng.Range(maxHeight * 0.3, maxHeight);
            using var paint = Fill(Shade(rng.Pick(Facades), light * 0.9));
            canvas.DrawRect((float)x, (float)(horizon - h), (float)w - 3, (float)h + 1, paint);
            DrawWindows(canvas, (float)x + 4, (float)(horizon - h) + 6, (float)w - 11, (float)h - 10, light, rng, shopFront: false);
            x += w;
        }
    }

    private static void DrawWindows(SKCanvas canvas, float x, float y, float w, float h, double light, SeededRandom rng, bool shopFront)
    {
        var lit = light < 0.5;
        using var glass = Fill(lit ? new SKColor(235, 210, 120) : Shade(new SKColor(120, 150, 175), light));
        var cell = shopFront ? 34f : 12f;
        using var panes = new SKPath();
        for (var yy = y; yy + cell * 0.6f < y + h; yy += cell)
            for (var xx = x; xx + cell * 0.6f < x + w; xx += cell)
                if (!lit || rng.Chance(0.5)) panes.AddRect(SKRect.Create(xx, yy, cell * 0.6f, cell * 0.55f));
        canvas.DrawPath(panes, glass);
    }

    private static readonly SKColor[] CarColors = [new(200, 30, 30), new(240, 240, 240), new(30, 30, 35), new(40, 80, 160), new(150, 150, 155), new(20, 110, 70)];
    private static readonly SKColor[] ClothColors = [new(230, 60, 60), new(60, 120, 220), new(250, 210, 60), new(250, 250, 250), new(90, 180, 90), new(240, 130, 190)];

    private static void DrawObject(SKCanvas c, string category, SKRect b, SeededRandom rng)
    {
        float W = b.Width, H = b.Height, L = b.Left, T = b.Top;
        switch (category)
        {
            case "illegal-parking":
            {
                using var body = Fill(rng.Pick(CarColors));
                c.DrawRoundRect(new SKRect(L, T + H * 0.4f, b.Right, b.Bottom - H * 0.15f), W * 0.06f, W * 0.06f, body);
                c.DrawRoundRect(new SKRect(L + W * 0.2f, T, b.Right - W * 0.22f, T + H * 0.5f), W * 0.08f, W * 0.08f, body);
                using var glass = Fill(new SKColor(60, 90, 120));
                c.DrawRect(L + W * 0.25f, T + H * 0.08f, W * 0.22f, H * 0.32f, glass);
                c.DrawRect(L + W * 0.52f, T + H * 0.08f, W * 0.22f, H * 0.32f, glass);
                using var tyre = Fill(new SKColor(20, 20, 20));
                var r = Math.Min(H * 0.2f, W * 0.12f);
                c.DrawCircle(L + W * 0.22f, b.Bottom - r, r, tyre);
                c.DrawCircle(b.Right - W * 0.22f, b.Bottom - r, r, tyre);
                break;
            }
            case "street-laundry":
            {
                using var pole = Stroke(new SKColor(70, 60, 50), W * 0.025f);
                c.DrawLine(L + W * 0.03f, T, L + W * 0.03f, b.Bottom, pole);
                c.DrawLine(b.Right - W * 0.03f, T, b.Right - W * 0.03f, b.Bottom, pole);
                using var line = Stroke(new SKColor(40, 40, 40), Math.Max(1, H * 0.015f));
                c.DrawLine(L, T + H * 0.08f, b.Right, T + H * 0.08f, line);
                var n = 4 + rng.Between(0, 2);
                for (var i = 0; i < n; i++)
                {
                    var x = L + W * (0.1f + 0.8f * i / n);
                    using var cloth = Fill(rng.Pick(ClothColors));
                    if (rng.Chance(0.5)) c.DrawRect(x, T + H * 0.08f, W * 0.13f, H * 0.42f, cloth); // shirt
                    else { c.DrawRect(x, T + H * 0.08f, W * 0.05f, H * 0.6f, cloth); c.DrawRect(x + W * 0.07f, T + H * 0.08f, W * 0.05f, H * 0.6f, cloth); }
                }
                break;
            }
            case "umbrella-stall":
            {
                using var canopy = Fill(rng.Pick(ClothColors));
                using var path = new SKPath();
                path.MoveTo(L, T + H * 0.4f);
                path.QuadTo(L + W / 2, T - H * 0.2f, b.Right, T + H * 0.4f);
                path.Close();
                c.DrawPath(path, canopy);
                using var pole = Stroke(new SKColor(90, 90, 90), W * 0.03f);
                c.DrawLine(L + W / 2, T + H * 0.2f, L + W / 2, b.Bottom, pole);
                using var table = Fill(new SKColor(150, 110, 60));
                c.DrawRect(L + W * 0.2f, T + H * 0.65f, W * 0.6f, H * 0.1f, table);
                c.DrawRect(L + W * 0.25f, T + H * 0.75f, W * 0.05f, H * 0.25f, table);
                c.DrawRect(L + W * 0.7f, T + H * 0.75f, W * 0.05f, H * 0.25f, table);
                break;
            }
            case "street-vending":
            {
                using var cart = Fill(new SKColor(60, 120, 170));
                c.DrawRect(L + W * 0.05f, T + H * 0.45f, W * 0.9f, H * 0.4f, cart);
                for (var i = 0; i < 6; i++)
                {
                    using var stripe = Fill(i % 2 == 0 ? new SKColor(230, 50, 50) : new SKColor(250, 250, 250));
                    c.DrawRect(L + W * i / 6f, T, W / 6f + 1, H * 0.2f, stripe);
                }
                using var post = Fill(new SKColor(80, 80, 80));
                c.DrawRect(L + W * 0.07f, T + H * 0.2f, W * 0.04f, H * 0.25f, post);
                c.DrawRect(b.Right - W * 0.11f, T + H * 0.2f, W * 0.04f, H * 0.25f, post);
                for (var i = 0; i < 5; i++) { using var fruit = Fill(rng.Pick(ClothColors)); c.DrawCircle(L + W * (0.18f + i * 0.16f), T + H * 0.42f, H * 0.06f, fruit); }
                using var wheel = Fill(new SKColor(25, 25, 25));
                c.DrawCircle(L + W * 0.2f, b.Bottom - H * 0.08f, H * 0.08f, wheel);
                c.DrawCircle(b.Right - W * 0.2f, b.Bottom - H * 0.08f, H * 0.08f, wheel);
                break;
            }
            case "out-of-store-business":
            {
                using var table = Fill(new SKColor(230, 230, 225));
                using var leg = Stroke(new SKColor(60, 60, 60), W * 0.015f);
                for (var i = 0; i < 2; i++)
                {
                    var x = L + W * (0.05f + i * 0.5f);
                    c.DrawRect(x, T + H * 0.35f, W * 0.4f, H * 0.1f, table);
                    c.DrawLine(x + W * 0.05f, T + H * 0.45f, x + W * 0.05f, b.Bottom, leg);
                    c.DrawLine(x + W * 0.35f, T + H * 0.45f, x + W * 0.35f, b.Bottom, leg);
                }
                using var chair = Fill(new SKColor(200, 60, 40));
                c.DrawRect(L, T + H * 0.55f, W * 0.08f, H * 0.45f, chair);
                c.DrawRect(b.Right - W * 0.08f, T + H * 0.55f, W * 0.08f, H * 0.45f, chair);
                using var box = Fill(new SKColor(180, 140, 90));
                c.DrawRect(L + W * 0.42f, T + H * 0.6f, W * 0.14f, H * 0.4f, box);
                using var sign = Fill(new SKColor(250, 200, 40));
                c.DrawRect(L + W * 0.3f, T, W * 0.4f, H * 0.2f, sign);
                break;
            }
            case "garbage-overflow":
            {
                using var bin = Fill(new SKColor(30, 120, 60));
                c.DrawRect(L + W * 0.2f, T + H * 0.3f, W * 0.6f, H * 0.7f, bin);
                using var lid = Fill(new SKColor(20, 90, 40));
                c.DrawRect(L + W * 0.15f, T + H * 0.25f, W * 0.7f, H * 0.08f, lid);
                DrawBags(c, new SKRect(L, T, b.Right, T + H * 0.35f), rng, 4);
                DrawBags(c, new SKRect(L, b.Bottom - H * 0.25f, b.Right, b.Bottom), rng, 3);
                break;
            }
            case "exposed-garbage":
                DrawBags(c, b, rng, 7);
                break;
            case "material-stacking":
            {
                var rows = 3; var cols = 5;
                for (var r = 0; r < rows; r++)
                    for (var k = 0; k < cols - r; k++)
                    {
                        using var brick = Fill(rng.Chance(0.5) ? new SKColor(170, 80, 50) : new SKColor(190, 150, 100));
                        var bw = W / cols; var bh = H / rows;
                        var x = L + k * bw + r * bw / 2; var y = b.Bottom - (r + 1) * bh;
                        c.DrawRect(x + 1, y + 1, bw - 2, bh - 2, brick);
                    }
                break;
            }
            case "bicycle-disorder":
            {
                var n = 3;
                for (var i = 0; i < n; i++)
                {
                    var x = L + W * (0.02f + i * 0.32f);
                    var r = Math.Min(W * 0.095f, H * 0.38f);
                    using var frame = Stroke(i % 2 == 0 ? new SKColor(250, 180, 0) : new SKColor(30, 160, 210), Math.Max(1.5f, r * 0.25f));
                    using var tyre = Stroke(new SKColor(25, 25, 25), Math.Max(1.5f, r * 0.2f));
                    var wy = b.Bottom - r - 1;
                    c.DrawCircle(x + r, wy, r, tyre);
                    c.DrawCircle(x + r * 3.2f, wy, r, tyre);
                    c.DrawLine(x + r, wy, x + r * 2, wy - r * 1.2f, frame);
                    c.DrawLine(x + r * 2, wy - r * 1.2f, x + r * 3.2f, wy, frame);
                    c.DrawLine(x + r * 2, wy - r * 1.2f, x + r * 1.8f, wy - r * 1.8f, frame);
                }
                break;
            }
            case "illegal-banner":
            {
                using var cloth = Fill(new SKColor(210, 20, 30));
                c.DrawRect(L + W * 0.04f, T + H * 0.1f, W * 0.92f, H * 0.8f, cloth);
                using var rope = Stroke(new SKColor(60, 60, 60), 1.5f);
                c.DrawLine(L, T, L + W * 0.04f, T + H * 0.1f, rope);
                c.DrawLine(b.Right, T, b.Right - W * 0.04f, T + H * 0.1f, rope);
                using var text = Fill(new SKColor(250, 230, 90));
                for (var i = 0; i < 6; i++) c.DrawRect(L + W * (0.1f + i * 0.14f), T + H * 0.3f, W * 0.1f, H * 0.4f, text);
                break;
            }
            case "road-damage":
            {
                using var hole = Fill(new SKColor(35, 30, 28));
                using var path = new SKPath();
                path.MoveTo(L + W * 0.1f, T + H * 0.5f);
                for (var i = 1; i <= 8; i++)
                {
                    var a = i / 8.0 * 2 * Math.PI;
                    var rr = 0.4 + rng.Range(0, 0.1);
                    path.LineTo(L + W * (0.5f + (float)(Math.Cos(a + Math.PI) * rr)), T + H * (0.5f + (float)(Math.Sin(a + Math.PI) * rr)));
                }
                path.Close();
                c.DrawPath(path, hole);
                using var crack = Stroke(new SKColor(25, 25, 25), 1.5f);
                c.DrawLine(L, T + H * 0.2f, L + W * 0.3f, T + H * 0.45f, crack);
                c.DrawLine(b.Right, b.Bottom - H * 0.1f, L + W * 0.7f, T + H * 0.6f, crack);
                break;
            }
            case "manhole-cover":
            {
                using var hole = Fill(new SKColor(15, 15, 15));
                c.DrawOval(new SKRect(L + W * 0.05f, T + H * 0.15f, L + W * 0.7f, b.Bottom - H * 0.1f), hole);
                using var cover = Fill(new SKColor(110, 100, 85));
                c.DrawOval(new SKRect(L + W * 0.5f, T + H * 0.3f, b.Right, b.Bottom), cover);
                using var ring = Stroke(new SKColor(60, 55, 45), 1.5f);
                c.DrawOval(new SKRect(L + W * 0.5f, T + H * 0.3f, b.Right, b.Bottom), ring);
                break;
            }
            case "construction-occupation":
            {
                for (var i = 0; i < 8; i++)
                {
                    using var stripe = Fill(i % 2 == 0 ? new SKColor(220, 30, 30) : new SKColor(250, 250, 250));
                    c.DrawRect(L + W * i / 8f, T + H * 0.2f, W / 8f + 1, H * 0.25f, stripe);
                }
                using var leg = Fill(new SKColor(60, 60, 60));
                c.DrawRect(L + W * 0.05f, T + H * 0.45f, W * 0.03f, H * 0.55f, leg);
                c.DrawRect(b.Right - W * 0.08f, T + H * 0.45f, W * 0.03f, H * 0.55f, leg);
                using var cone = Fill(new SKColor(255, 120, 0));
                for (var i = 0; i < 3; i++)
                {
                    var x = L + W * (0.2f + i * 0.25f);
                    using var path = new SKPath();
                    path.MoveTo(x + W * 0.06f, T + H * 0.55f);
                    path.LineTo(x + W * 0.12f, b.Bottom);
                    path.LineTo(x, b.Bottom);
                    path.Close();
                    c.DrawPath(path, cone);
                }
                break;
            }
            case "waterlogging":
            {
                using var water = Fill(new SKColor(70, 110, 150, 235));
                c.DrawOval(b, water);
                using var glint = Stroke(new SKColor(200, 225, 245), 1.5f);
                c.DrawLine(L + W * 0.3f, T + H * 0.4f, L + W * 0.55f, T + H * 0.4f, glint);
                c.DrawLine(L + W * 0.5f, T + H * 0.65f, L + W * 0.75f, T + H * 0.65f, glint);
                break;
            }
            default:
            {
                using var thing = Fill(new SKColor(200, 0, 200));
                c.DrawRect(b, thing);
                break;
            }
        }
    }

    private static void DrawBags(SKCanvas c, SKRect area, SeededRandom rng, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var cx = area.Left + area.Width * (float)rng.Range(0.1, 0.9);
            var cy = area.Top + area.Height * (float)rng.Range(0.35, 0.75);
            var rx = area.Width * (float)rng.Range(0.1, 0.2);
            var ry = area.Height * (float)rng.Range(0.25, 0.4);
            using var bag = Fill(rng.Chance(0.6) ? new SKColor(30, 30, 30) : new SKColor(225, 225, 215));
            c.DrawOval(new SKRect(cx - rx, cy - ry, cx + rx, cy + ry), bag);
        }
    }

    private static void DrawOverlay(SKCanvas canvas, FrameCapture capture, int width)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"SIMULATED · {capture.DeviceId} · {capture.View} · {capture.CapturedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
        // 2× pixels where the line fits (long device ids get smaller letters rather than a cut-off line)
        var scale = Math.Min(2f, (width - 12) / BitmapFont.Measure(text, 1));
        using var back = new SKPaint { Color = new SKColor(0, 0, 0, 170) };
        canvas.DrawRect(0, 0, Math.Min(width, BitmapFont.Measure(text, scale) + 12), 8 + BitmapFont.GlyphHeight * scale, back);
        using var ink = new SKPaint { Color = SKColors.White };
        BitmapFont.Draw(canvas, text, 6, 4, scale, ink);
    }
}
