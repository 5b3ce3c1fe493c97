using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Tiles;

namespace Yunbao.Domain.Tests.Tiles;

public sealed class TileMathTests
{
    // Reference tiles from the OSM slippy-map formula (wiki "Slippy map tilenames"), computed outside this code base.
    [Theory]
    [InlineData(12, 3372, 1552)]
    [InlineData(13, 6744, 3104)]
    [InlineData(14, 13489, 6208)]
    [InlineData(15, 26978, 12416)]
    [InlineData(16, 53957, 24832)]
    [InlineData(17, 107915, 49664)]
    [InlineData(18, 215830, 99328)]
    public void Tiananmen_falls_in_the_published_tile(int z, int x, int y) =>
        Assert.Equal(new TileId(z, x, y), TileMath.TileAt(new GeoPoint(116.397477, 39.908692), z));

    [Theory]
    [InlineData(12, 3371, 1552)]
    [InlineData(13, 6742, 3105)]
    [InlineData(14, 13485, 6210)]
    [InlineData(15, 26970, 12421)]
    [InlineData(16, 53941, 24842)]
    [InlineData(17, 107883, 49685)]
    [InlineData(18, 215766, 99370)]
    public void Lize_centre_falls_in_the_published_tile(int z, int x, int y) =>
        Assert.Equal(new TileId(z, x, y), TileMath.TileAt(new GeoPoint(116.310, 39.865), z));

    [Fact]
    public void Tile_0_0_0_is_the_whole_mercator_world()
    {
        var b = TileMath.TileBounds(new TileId(0, 0, 0));
        Assert.Equal(-180, b.West, 9);
        Assert.Equal(180, b.East, 9);
        Assert.Equal(85.0511287798, b.North, 8);
        Assert.Equal(-85.0511287798, b.South, 8);
    }

    [Fact]
    public void Tile_1_1_0_is_the_north_east_quadrant()
    {
        var b = TileMath.TileBounds(new TileId(1, 1, 0));
        Assert.Equal(0, b.West, 9);
        Assert.Equal(180, b.East, 9);
        Assert.Equal(0, b.South, 9);
        Assert.Equal(85.0511287798, b.North, 8);
    }

    [Fact]
    public void Metres_per_pixel_match_the_published_scale()
    {
        // 156543.03392804097 m/px at the equator at zoom 0 (2πR/256); halves with every zoom; scales with cos(lat).
        Assert.Equal(156543.03392804097, TileMath.MetersPerPixel(0, 0), 6);
        Assert.Equal(156543.03392804097 / 262144, TileMath.MetersPerPixel(0, 18), 9);
        Assert.Equal(156543.03392804097 / 4096 * Math.Cos(39.865 * Math.PI / 180), TileMath.MetersPerPixel(39.865, 12), 6);
    }

    [Fact]
    public void Metres_per_pixel_agree_with_ground_distance_across_a_tile()
    {
        var tile = TileMath.TileAt(new GeoPoint(116.31, 39.865), 17);
        var b = TileMath.TileBounds(tile);
        var midLat = (b.North + b.South) / 2;
        var ground = new GeoPoint(b.West, midLat).DistanceTo(new GeoPoint(b.East, midLat));
        // Haversine uses the mean radius, Mercator the equatorial one: 0.1 % apart.
        Assert.Equal(ground, TileMath.MetersPerPixel(midLat, 17) * TileMath.TileSize, ground * 0.002);
    }

    [Fact]
    public void Lon_lat_to_global_pixel_round_trips()
    {
        var rng = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var p = new GeoPoint(rng.NextDouble() * 360 - 180, rng.NextDouble() * 170 - 85);
            var z = rng.Next(0, 23);
            var (x, y) = TileMath.ToGlobalPixel(p, z);
            var back = TileMath.FromGlobalPixel(x, y, z);
            Assert.Equal(p.Lon, back.Lon, 9);
            Assert.Equal(p.Lat, back.Lat, 9);
        }
    }

    [Fact]
    public void A_point_lies_inside_the_bounds_of_its_tile_and_its_pixel_inside_the_tile()
    {
        var rng = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var p = new GeoPoint(116.2 + rng.NextDouble() * 0.3, 39.7 + rng.NextDouble() * 0.3);
            var z = rng.Next(0, 21);
            var tile = TileMath.TileAt(p, z);
            Assert.True(TileMath.TileBounds(tile).Contains(p), $"{p} not in {tile}");
            var (x, y) = TileMath.ToGlobalPixel(p, z);
            Assert.Equal(tile.X, (int)Math.Floor(x / TileMath.TileSize));
            Assert.Equal(tile.Y, (int)Math.Floor(y / TileMath.TileSize));
        }
    }

    [Fact]
    public void Tile_origin_round_trips_to_the_same_tile()
    {
        for (var z = 0; z <= 20; z++)
        {
            var n = TileMath.TilesPerAxis(z);
            foreach (var (x, y) in new[] { (0, 0), (n - 1, n - 1), (n / 3, n / 5) })
            {
                var origin = TileMath.TileOrigin(z, x, y);
                var (px, py) = TileMath.ToGlobalPixel(origin, z);
                Assert.Equal(x * 256.0, px, 6);
                Assert.Equal(y * 256.0, py, 6);
            }
        }
    }

    [Fact]
    public void Neighbouring_tiles_share_their_edges()
    {
        var a = TileMath.TileBounds(new TileId(15, 26970, 12421));
        var east = TileMath.TileBounds(new TileId(15, 26971, 12421));
        var south = TileMath.TileBounds(new TileId(15, 26970, 12422));
        Assert.Equal(a.East, east.West);
        Assert.Equal(a.South, south.North);
    }

    [Fact]
    public void Tiles_covering_the_district_cover_every_point_in_it_and_nothing_more()
    {
        var district = new GeoBounds(116.295, 39.855, 116.325, 39.875);
        var rng = new Random(3);
        for (var z = 12; z <= 18; z++)
        {
            var tiles = TileMath.TilesCovering(district, z).ToHashSet();
            for (var i = 0; i < 500; i++)
            {
                var p = new GeoPoint(district.West + rng.NextDouble() * 0.03, district.South + rng.NextDouble() * 0.02);
                Assert.Contains(TileMath.TileAt(p, z), tiles);
            }
            // Every tile touches the district (no spare row or column).
            foreach (var t in tiles)
            {
                var b = TileMath.TileBounds(t);
                Assert.True(b.West <= district.East && b.East >= district.West && b.South <= district.North && b.North >= district.South, $"{t} outside");
            }
        }
        Assert.Single(TileMath.TilesCovering(district, 12));
        // 0.03° of longitude at z18 is 0.03/360*2^18 ≈ 21.8 tile widths, so 22 or 23 columns.
        var (minX, _, maxX, _) = TileMath.TileRange(district, 18);
        Assert.InRange(maxX - minX + 1, 22, 23);
    }

    [Theory]
    [InlineData("15/26970/12421", true)]
    [InlineData("0/0/0", true)]
    [InlineData("0/1/0", false)]
    [InlineData("15/26970", false)]
    [InlineData("a/b/c", false)]
    [InlineData("-1/0/0", false)]
    public void Tile_ids_parse_only_when_valid(string text, bool ok)
    {
        Assert.Equal(ok, TileId.TryParse(text, out var t));
        if (ok) Assert.Equal(text, t.ToString());
    }

    [Fact]
    public void Zoom_out_of_range_is_a_clear_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TileMath.MetersPerPixel(0, 30));
}
