using Microsoft.Extensions.Time.Testing;
using Yunbao.Edge.Modules.Sources;

namespace Yunbao.Edge.Modules.Tests;

public sealed class NmeaPositionSourceTests
{
    private const string Lize = "$GNRMC,083015.50,A,3951.900,N,11618.630,E,10.0,270.0,251126,,,A*70";

    [Fact]
    public void An_active_RMC_sentence_is_a_fix_with_position_time_speed_and_course()
    {
        Assert.True(NmeaPositionSource.TryParseRmc("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A", out var munich));
        Assert.True(NmeaPositionSource.TryParseRmc(Lize, out var lize));

        Assert.Equal(48.1173, munich.Position.Lat, 4);
        Assert.Equal(11.516667, munich.Position.Lon, 5);
        Assert.Equal(22.4 * 1.852, munich.SpeedKmh, 6);
        Assert.Equal(84.4, munich.HeadingDeg);
        Assert.Equal(new DateTimeOffset(1994, 3, 23, 12, 35, 19, TimeSpan.Zero), munich.At);
        Assert.Equal((116.3105, 39.865), (Math.Round(lize.Position.Lon, 6), Math.Round(lize.Position.Lat, 6)));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 30, 15, 500, TimeSpan.Zero), lize.At);
    }

    [Theory]
    [InlineData("$GPRMC,083015,V,,,,,,,251126,,,N*5F")]                                        // void: no fix
    [InlineData("$GNRMC,083015.50,A,3951.900,N,11618.630,E,10.0,270.0,251126,,,A*71")]         // checksum off by one
    [InlineData("$GNGGA,083015.50,3951.900,N,11618.630,E,1,08,1.0,50.0,M,0.0,M,,*00")]        // not RMC
    [InlineData("garbage")]
    public void Anything_else_is_not_a_fix(string sentence) => Assert.False(NmeaPositionSource.TryParseRmc(sentence, out _));

    [Fact]
    public async Task The_reader_follows_a_receiver_file_and_a_stale_fix_counts_as_none()
    {
        var path = Path.Combine(Path.GetTempPath(), $"yunbao-gnss-{Guid.NewGuid():N}.nmea");
        await File.WriteAllTextAsync(path, "$GPRMC,083015,V,,,,,,,251126,,,N*5F\n");
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var gnss = new NmeaPositionSource(path, clock, TimeSpan.FromSeconds(10));
        try
        {
            Assert.Throws<PositionUnavailableException>(() => gnss.Read(clock.GetUtcNow()));   // only a void sentence so far

            await File.AppendAllTextAsync(path, Lize + "\r\n");
            var at = new DateTimeOffset(2026, 11, 25, 8, 30, 16, TimeSpan.Zero);
            PositionFix? fix = null;
            await Eventually.TrueAsync(() => { try { fix = gnss.Read(at); return true; } catch (PositionUnavailableException) { return false; } },
                because: "the appended RMC sentence read");
            clock.Advance(TimeSpan.FromSeconds(11));
            var stale = Assert.Throws<PositionUnavailableException>(() => gnss.Read(at));

            Assert.Equal(at, fix!.Value.At);
            Assert.Equal(270, fix.Value.HeadingDeg);
            Assert.Equal(116.3105, fix.Value.Position.Lon, 6);
            Assert.Contains("No GNSS fix", stale.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
