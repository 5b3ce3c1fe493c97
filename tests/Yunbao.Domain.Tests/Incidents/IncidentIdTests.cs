using Yunbao.Contracts.Frames;
using Yunbao.Domain.Incidents;

namespace Yunbao.Domain.Tests;

public sealed class IncidentIdTests
{
    [Fact]
    public void Same_frame_category_and_box_give_the_same_id()
    {
        var a = IncidentId.ForDetection("patrol-01/x.jpg", "illegal-parking", new PixelBox(1, 2, 3, 4));
        Assert.Equal(a, IncidentId.ForDetection("patrol-01/x.jpg", "illegal-parking", new PixelBox(1, 2, 3, 4)));
        Assert.StartsWith("det-", a);
        Assert.Equal(24, a.Length);
    }

    [Fact]
    public void Another_box_category_or_frame_gives_another_id()
    {
        var a = IncidentId.ForDetection("f.jpg", "illegal-parking", new PixelBox(1, 2, 3, 4));
        Assert.NotEqual(a, IncidentId.ForDetection("f.jpg", "illegal-parking", new PixelBox(1, 2, 3, 5)));
        Assert.NotEqual(a, IncidentId.ForDetection("f.jpg", "road-damage", new PixelBox(1, 2, 3, 4)));
        Assert.NotEqual(a, IncidentId.ForDetection("g.jpg", "illegal-parking", new PixelBox(1, 2, 3, 4)));
    }

    [Fact]
    public void Sensor_alert_id_is_the_same_whatever_offset_the_timestamp_was_written_in()
    {
        var utc = new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
        var beijing = utc.ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(IncidentId.ForSensorAlert("env-01", "waterLevelCm", utc), IncidentId.ForSensorAlert("env-01", "waterLevelCm", beijing));
        Assert.NotEqual(IncidentId.ForSensorAlert("env-01", "waterLevelCm", utc), IncidentId.ForSensorAlert("env-02", "waterLevelCm", utc));
        Assert.StartsWith("sen-", IncidentId.ForSensorAlert("env-01", "pm10", utc));
    }

    [Fact]
    public void Citizen_report_id_follows_the_request_key() =>
        Assert.Equal(IncidentId.ForCitizenReport("req-1"), IncidentId.ForCitizenReport("req-1"));
}
