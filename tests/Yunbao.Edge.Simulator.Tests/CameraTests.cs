using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Simulation;
using Yunbao.Edge.Simulator.Imaging;
using Yunbao.Edge.Simulator.Output;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Tests;

public sealed class CameraTests
{
    private static Violation At(GeoPoint p, string id, string category = "illegal-parking") => new()
    {
        Id = id, CategoryCode = category, Label = "car", Position = p, Local = TestWorld.Lize.ToLocal(p),
        Zone = Domain.Catalog.ZoneType.Roadway, StreetName = "test", Start = DateTimeOffset.UnixEpoch, Scenario = "test",
    };

    private static readonly CameraMount Patrol = new(2.2, 90, 25);

    [Fact]
    public void A_camera_sees_a_violation_in_front_and_not_one_behind()
    {
        var projection = TestWorld.Lize.Network.Projection;
        var car = new GeoPoint(116.3100, 39.8650);
        var ahead = At(projection.Offset(car, 90, 12), "ahead");    // the car heads east
        var behind = At(projection.Offset(car, 270, 12), "behind");
        var here = TestWorld.Lize.ToLocal(car);

        var front = CameraModel.See(here, 90, Patrol, [ahead, behind], 640, 360);
        var rear = CameraModel.See(here, 90 + 180, Patrol, [ahead, behind], 640, 360);
        var right = CameraModel.See(here, 90 + 90, Patrol, [ahead, behind], 640, 360);

        var seen = Assert.Single(front);
        Assert.Equal(ahead.Position.Lon, seen.Lon, 9);
        Assert.InRange(seen.Box.X + seen.Box.W / 2, 300, 340);           // dead ahead: the middle of the picture
        Assert.True(seen.Box.Y > 360 * CameraModel.HorizonShare - seen.Box.H, "standing on the ground below the horizon");
        Assert.Equal(behind.Position.Lon, Assert.Single(rear).Lon, 9);
        Assert.Empty(right);
    }

    [Fact]
    public void Nearer_is_bigger_off_axis_is_sideways_and_out_of_range_is_unseen()
    {
        var projection = TestWorld.Lize.Network.Projection;
        var car = new GeoPoint(116.3100, 39.8650);
        var here = TestWorld.Lize.ToLocal(car);
        var near = CameraModel.See(here, 0, Patrol, [At(projection.Offset(car, 0, 8), "near")], 640, 360).Single();
        var far = CameraModel.See(here, 0, Patrol, [At(projection.Offset(car, 0, 20), "far")], 640, 360).Single();
        Assert.True(near.Box.W > 2 * far.Box.W);
        var rightish = CameraModel.See(here, 0, Patrol, [At(projection.Offset(car, 30, 15), "r")], 640, 360).Single();
        Assert.True(rightish.Box.X > 320, "a violation to the right appears right of centre");
        Assert.Empty(CameraModel.See(here, 0, Patrol, [At(projection.Offset(car, 0, 40), "out")], 640, 360));
        Assert.Empty(CameraModel.See(here, 0, Patrol, [At(projection.Offset(car, 60, 10), "wide")], 640, 360));
    }

    [Fact]
    public async Task Patrol_frames_carry_capture_metadata_and_decodable_ground_truth_of_what_is_in_view()
    {
        var sink = new MemoryFleetSink();
        var sim = new FleetSimulator(TestWorld.Options(), sink, TestWorld.Lize);
        var t0 = TestWorld.Wednesday(17.5);
        await sim.StepAsync(t0);
        await sim.StepAsync(t0.AddMinutes(20));

        var frame = sink.Frames.First(f => f.Capture.DeviceId == "patrol-01");
        Assert.Matches(@"^patrol-01/2026/11/2[45]/\d{6}-\d{6}-(front|right|rear|left)\.jpg$", frame.Capture.BlobName);
        Assert.Equal("true", frame.Metadata[FrameMetadataKeys.Simulated]);
        Assert.Equal("lize", frame.Metadata[FrameMetadataKeys.DistrictId]);
        Assert.Equal("PatrolVehicle", frame.Metadata[FrameMetadataKeys.Source]);
        foreach (var key in new[] { FrameMetadataKeys.CapturedAt, FrameMetadataKeys.Lon, FrameMetadataKeys.Lat, FrameMetadataKeys.Heading, FrameMetadataKeys.Speed, FrameMetadataKeys.View })
            Assert.False(string.IsNullOrEmpty(frame.Metadata[key]), key);
        Assert.All(sink.Frames.SelectMany(f => f.Metadata.Values), v => Assert.True(v.All(char.IsAscii), "blob metadata is ASCII"));

        var withTruth = sink.Frames.Where(f => GroundTruthCodec.Decode(f.Metadata[FrameMetadataKeys.GroundTruth]).Count > 0).ToList();
        Assert.NotEmpty(withTruth);
        foreach (var f in withTruth)
            foreach (var o in GroundTruthCodec.Decode(f.Metadata[FrameMetadataKeys.GroundTruth]))
            {
                Assert.InRange(new GeoPoint(o.Lon, o.Lat).DistanceTo(f.Capture.Position), 0, f.Capture.Source == Contracts.Frames.EventSource.FixedCamera ? 46 : 26);
                Assert.True(o.Box.X >= 0 && o.Box.Y >= 0 && o.Box.X + o.Box.W <= 640 && o.Box.Y + o.Box.H <= 360);
                Assert.Contains(o.Label, Domain.Catalog.CategoryCatalog.Default.Get(o.CategoryCode).EvidenceLabels);
            }
        Assert.Contains(sink.Frames, f => f.Capture.Source == Contracts.Frames.EventSource.FixedCamera && f.Capture.View == "fixed");
    }
}
