using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yunbao.Contracts;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Telemetry;

namespace Yunbao.Contracts.Tests.Messaging;

public sealed class EventGridEventsTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));
    private static string Base64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 30, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Fields_of_the_wrong_JSON_kind_are_read_as_absent_not_as_a_crash()
    {
        // Found by the fault campaign's fuzzer: both threw InvalidOperationException/ArgumentOutOfRangeException instead.
        var frame = JsonNode.Parse(EventGridEvents.CreateBlobCreatedJson(new BlobCreatedEventInput
        {
            BlobServiceUri = new Uri("http://127.0.0.1:10000/devstoreaccount1"), Container = "frames", BlobName = "patrol-01/a.jpg",
            ContentType = "image/jpeg", ContentLength = 1, ETag = "0x1", EventTime = T0,
        }))!;
        frame["data"]!["contentLength"] = "lize";
        Assert.Equal(0, EventGridEvents.ParseFrameBlobCreated(frame.ToJsonString()).ContentLength);

        var telemetry = JsonNode.Parse(EventGridEvents.CreateDeviceTelemetryJson(new DeviceTelemetryEventInput
        {
            DeviceId = "envsensor-01", Properties = new Dictionary<string, string> { ["type"] = "health" }, Body = "{}"u8.ToArray(), EnqueuedAt = T0,
        }))!;
        telemetry["data"]!["systemProperties"]!["iothub-enqueuedtime"] = long.MaxValue;
        Assert.Equal(T0, EventGridEvents.ParseDeviceTelemetry(telemetry.ToJsonString()).EnqueuedAt);   // the event time instead
    }

    [Fact]
    public void BlobCreated_round_trips_through_a_base64_queue_message()
    {
        var message = EventGridEvents.CreateBlobCreatedMessage(new BlobCreatedEventInput
        {
            BlobServiceUri = new Uri("http://127.0.0.1:10000/devstoreaccount1"),
            Container = "frames",
            BlobName = "patrol-01/2026/11/25/0830/000123-front.jpg",
            ContentType = "image/jpeg",
            ContentLength = 12345,
            ETag = "0x8DEADBEEF",
            EventTime = T0,
            EventId = "evt-1",
        });

        Assert.DoesNotContain("{", message); // Base64, as the Functions queue trigger expects by default
        var parsed = EventGridEvents.ParseFrameBlobCreated(message);

        Assert.Equal("patrol-01/2026/11/25/0830/000123-front.jpg", parsed.BlobName);
        Assert.Equal("evt-1", parsed.EventId);
        Assert.Equal(T0, parsed.EventTime);
        Assert.Equal(12345, parsed.ContentLength);
        Assert.Equal("image/jpeg", parsed.ContentType);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/frames/patrol-01/2026/11/25/0830/000123-front.jpg", parsed.Url);
    }

    [Fact]
    public void BlobCreated_json_has_the_documented_envelope_and_data_fields()
    {
        var json = EventGridEvents.CreateBlobCreatedJson(new BlobCreatedEventInput
        {
            BlobServiceUri = new Uri("http://127.0.0.1:10000/devstoreaccount1"), Container = "frames", BlobName = "a/b.jpg",
            ContentType = "image/jpeg", ContentLength = 1, ETag = "e", EventTime = T0,
        });
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        foreach (var name in new[] { "topic", "subject", "eventType", "eventTime", "id", "data", "dataVersion", "metadataVersion" })
            Assert.True(root.TryGetProperty(name, out _), name);
        foreach (var name in new[] { "api", "clientRequestId", "requestId", "eTag", "contentType", "contentLength", "blobType", "url", "sequencer" })
            Assert.True(root.GetProperty("data").TryGetProperty(name, out _), name);
        Assert.Equal("/blobServices/default/containers/frames/blobs/a/b.jpg", root.GetProperty("subject").GetString());
    }

    [Fact]
    public void DeviceTelemetry_with_json_body_round_trips()
    {
        var body = """{"kind":"vehicle","districtId":"lize","ts":"2026-11-25T08:30:00Z","lon":116.31,"lat":39.865}""";
        var message = EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = "patrol-01",
            ModuleId = "PatrolCamera",
            Properties = new Dictionary<string, string> { ["type"] = TelemetryTypes.Position, ["seq"] = "7" },
            Body = Encoding.UTF8.GetBytes(body),
            MessageId = "m-1",
            EnqueuedAt = T0,
        });

        var json = Encoding.UTF8.GetString(Convert.FromBase64String(message));
        using (var doc = JsonDocument.Parse(json))
            Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("data").GetProperty("body").ValueKind); // embedded, not Base64

        var t = EventGridEvents.ParseDeviceTelemetry(message);
        Assert.Equal("patrol-01", t.DeviceId);
        Assert.Equal("PatrolCamera", t.ModuleId);
        Assert.Equal(TelemetryTypes.Position, t.Type);
        Assert.Equal("m-1", t.MessageId);
        Assert.Equal(T0, t.EnqueuedAt);
        Assert.Equal("7", t.Properties["seq"]);
        Assert.Equal(116.31, t.Body.GetProperty("lon").GetDouble());
    }

    [Fact]
    public void A_json_body_escaping_a_lone_surrogate_is_carried_as_base64_instead_of_failing_the_route()
    {
        // Valid JSON a device may send; no .NET string can be written back from it (the fuzzer found this).
        var body = Encoding.UTF8.GetBytes("""{"note":"\ud800"}""");
        var message = EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = "env-03",
            Properties = new Dictionary<string, string> { ["type"] = TelemetryTypes.Sensor },
            Body = body,
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            EnqueuedAt = T0,
        });
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(message)));
        Assert.Equal(Convert.ToBase64String(body), doc.RootElement.GetProperty("data").GetProperty("body").GetString());
    }

    [Fact]
    public void DeviceTelemetry_without_json_content_type_carries_a_base64_body_that_still_parses()
    {
        var message = EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = "env-03",
            Properties = new Dictionary<string, string> { ["type"] = TelemetryTypes.Sensor },
            Body = Encoding.UTF8.GetBytes("""{"pm25":35.5}"""),
            ContentType = null,
            ContentEncoding = null,
            EnqueuedAt = T0,
        });
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(message));
        using (var doc = JsonDocument.Parse(json))
            Assert.Equal(JsonValueKind.String, doc.RootElement.GetProperty("data").GetProperty("body").ValueKind);

        var t = EventGridEvents.ParseDeviceTelemetry(message);
        Assert.Equal(35.5, t.Body.GetProperty("pm25").GetDouble());
        Assert.Null(t.ModuleId);
    }

    [Fact]
    public void Documented_blob_created_sample_in_another_container_is_rejected_with_the_container_named()
    {
        var sample = Sample("blob-created-docs.json");
        var envelope = EventGridEvents.ParseEnvelope(sample);
        Assert.Equal(EventGridEvents.BlobCreatedType, envelope.EventType);
        Assert.Equal(524288, envelope.Data.GetProperty("contentLength").GetInt64());

        var e = Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseFrameBlobCreated(sample));
        Assert.Contains("'test-container'", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Documented_blob_created_sample_in_frames_parses_as_plain_json_and_as_base64(bool base64)
    {
        var sample = Sample("blob-created-frames.json");
        var parsed = EventGridEvents.ParseFrameBlobCreated(base64 ? Base64(sample) : sample);
        Assert.Equal("patrol-01/2026/11/25/0830/000123-front.jpg", parsed.BlobName);
        Assert.Equal("831e1650-001e-001b-66ab-eeb76e069631", parsed.EventId);
        Assert.Equal("\"0x8D4BCC2E4835CD0\"", parsed.ETag);
        Assert.Equal(new DateTimeOffset(2017, 6, 26, 18, 41, 0, TimeSpan.Zero).AddTicks(9584103), parsed.EventTime);
    }

    [Fact]
    public void CloudEvents_schema_blob_created_parses()
    {
        var parsed = EventGridEvents.ParseFrameBlobCreated(Sample("blob-created-cloudevents.json"));
        Assert.Equal("fixed-07/2026/11/25/0900/000001-fixed.jpg", parsed.BlobName);
        Assert.Equal(30699, parsed.ContentLength);
    }

    [Fact]
    public void Documented_device_telemetry_sample_parses_but_is_rejected_for_lacking_a_type()
    {
        var sample = Sample("device-telemetry-docs.json");
        var envelope = EventGridEvents.ParseEnvelope(sample);
        Assert.Equal("devices/LogicAppTestDevice", envelope.Subject);

        var e = Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseDeviceTelemetry(sample));
        Assert.Contains("`type`", e.Message);
        Assert.Contains("'d1'", e.Message);

        var typed = sample.Replace("\"Status\": \"Active\"", "\"Status\": \"Active\", \"type\": \"health\"");
        var t = EventGridEvents.ParseDeviceTelemetry(typed);
        Assert.Equal("d1", t.DeviceId);
        Assert.Equal("health", t.Type);
        Assert.Equal(900, t.Body.GetProperty("Weather").GetProperty("Temperature").GetInt32());
        Assert.Equal(new DateTimeOffset(2019, 1, 7, 20, 58, 30, 480, TimeSpan.Zero), t.EnqueuedAt);
    }

    [Fact]
    public void Base64_body_sample_parses_to_the_devices_position_report()
    {
        var t = EventGridEvents.ParseDeviceTelemetry(Base64(Sample("device-telemetry-base64-body.json")));
        Assert.Equal("patrol-01", t.DeviceId);
        Assert.Equal("PatrolCamera", t.ModuleId);
        Assert.Equal("m-000042", t.MessageId);
        Assert.Equal(TelemetryTypes.Position, t.Type);
        var report = t.Body.Deserialize<PositionReport>(YunbaoJson.Options)!;
        Assert.Equal("lize", report.DistrictId);
        Assert.Equal(24, report.SpeedKmh);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("not base64 at all!", "neither JSON nor Base64")]
    [InlineData("aGVsbG8gd29ybGQ=", "does not decode to a JSON event")] // "hello world"
    [InlineData("{\"id\":", "not valid JSON")]
    [InlineData("[]", "array of 0 events")]
    [InlineData("[{\"id\":\"a\"},{\"id\":\"b\"}]", "array of 2 events")]
    [InlineData("\"just a string\"", "neither JSON nor Base64")]
    [InlineData("{\"id\":\"1\",\"subject\":\"s\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"data\":{}}", "no eventType")]
    [InlineData("{\"id\":\"1\",\"eventType\":\"Microsoft.Storage.BlobCreated\",\"subject\":\"s\",\"eventTime\":\"yesterday\",\"data\":{}}", "unreadable eventTime")]
    [InlineData("{\"id\":\"1\",\"eventType\":\"Microsoft.Storage.BlobCreated\",\"subject\":\"s\",\"eventTime\":\"2026-01-01T00:00:00Z\"}", "no data object")]
    public void Malformed_messages_are_rejected_with_a_reason(string message, string reason)
    {
        var e = Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseFrameBlobCreated(message));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_telemetry_event_on_the_frame_queue_is_rejected_and_vice_versa()
    {
        var telemetry = Sample("device-telemetry-base64-body.json");
        Assert.Contains("got Microsoft.Devices.DeviceTelemetry",
            Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseFrameBlobCreated(telemetry)).Message);
        Assert.Contains("got Microsoft.Storage.BlobCreated",
            Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseDeviceTelemetry(Sample("blob-created-frames.json"))).Message);
    }

    [Theory]
    [InlineData("/blobServices/default/containers/frames/blobs/", "no container or blob name")]
    [InlineData("/somethingElse/frames/x.jpg", "is not /blobServices")]
    public void Blob_subjects_that_name_no_blob_are_rejected(string subject, string reason)
    {
        var json = Sample("blob-created-frames.json").Replace("/blobServices/default/containers/frames/blobs/patrol-01/2026/11/25/0830/000123-front.jpg", subject);
        Assert.Contains(reason, Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseFrameBlobCreated(json)).Message);
    }

    [Fact]
    public void A_string_body_that_is_not_json_is_rejected_with_the_device_named()
    {
        var message = EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = "cam-9", Properties = new Dictionary<string, string> { ["type"] = "health" },
            Body = new byte[] { 0xff, 0x00, 0x12 }, ContentType = "application/octet-stream", EnqueuedAt = T0,
        });
        var e = Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseDeviceTelemetry(message));
        Assert.Contains("'cam-9'", e.Message);
        Assert.Contains("3 bytes that are not JSON", e.Message);
    }

    // ---- strict blob names (#8): a frame event never names a blob outside `frames` ----

    private static string FrameEvent(string subject, string? url = null)
    {
        var json = Sample("blob-created-frames.json").Replace("/blobServices/default/containers/frames/blobs/patrol-01/2026/11/25/0830/000123-front.jpg", subject);
        return url is null ? json : json.Replace("https://my-storage-account.blob.core.windows.net/frames/patrol-01/2026/11/25/0830/000123-front.jpg", url);
    }

    [Theory]
    [InlineData("/blobServices/default/containers/frames/blobs/../heatmaps/manifest.json", "'..' segment")]
    [InlineData("/blobServices/default/containers/frames/blobs/patrol-01/../../heatmaps/manifest.json", "'..' segment")]
    [InlineData("/blobServices/default/containers/frames/blobs/patrol-01/./x.jpg", "'.' segment")]
    [InlineData("/blobServices/default/containers/frames/blobs/patrol-01//x.jpg", "'' segment")]
    [InlineData("/blobServices/default/containers/frames/blobs//patrol-01/x.jpg", "'' segment")]
    [InlineData("/blobServices/default/containers/frames/blobs/%2e%2e/heatmaps/manifest.json", "percent-escape")]
    [InlineData("/blobServices/default/containers/frames/blobs/patrol-01/%2E%2E%2Fheatmaps%2Fmanifest.json", "percent-escape")]
    [InlineData("/blobServices/default/containers/frames/blobs/patrol-01\\\\..\\\\x.jpg", "backslash")]
    [InlineData("/blobServices/default/containers/frames/blobs/patrol 01/x.jpg", "segment 'patrol 01'")]
    [InlineData("/blobServices/default/containers/frames/blobs/.hidden/x.jpg", "segment '.hidden'")]
    [InlineData("/blobServices/default/containers/frames/blobs/x.jpg", "device folder")]
    [InlineData("/blobServices/default/containers/heatmaps/blobs/patrol-01/manifest.json", "container 'heatmaps', not 'frames'")]
    [InlineData("/blobServices/default/containers/Frames/blobs/patrol-01/x.jpg", "container 'Frames', not 'frames'")]
    [InlineData("/blobServices/default/containers/frames/../heatmaps/blobs/patrol-01/x.jpg", "not 'frames'")]
    public void Frame_events_naming_a_blob_that_could_leave_frames_are_refused(string subject, string reason)
    {
        var e = Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseFrameBlobCreated(FrameEvent(subject)));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_blob_name_longer_than_1024_characters_is_refused()
    {
        var name = "patrol-01/" + string.Join('/', Enumerable.Repeat(new string('a', 64), 17));
        Assert.True(name.Length > 1024);
        var e = Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseFrameBlobCreated(FrameEvent("/blobServices/default/containers/frames/blobs/" + name)));
        Assert.Contains("longer than 1024", e.Message);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/heatmaps/patrol-01/2026/11/25/0830/000123-front.jpg")]
    [InlineData("https://acct.blob.core.windows.net/frames/%2e%2e/heatmaps/manifest.json")]
    [InlineData("https://acct.blob.core.windows.net/frames/patrol-01/2026/11/25/0830/other.jpg")]
    [InlineData("not a url")]
    public void A_url_that_names_another_blob_than_the_subject_is_refused(string url)
    {
        var e = Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseFrameBlobCreated(
            FrameEvent("/blobServices/default/containers/frames/blobs/patrol-01/2026/11/25/0830/000123-front.jpg", url)));
        Assert.Contains("does not name blob", e.Message);
    }

    [Fact]
    public void A_percent_encoded_url_of_the_same_blob_is_accepted()
    {
        var parsed = EventGridEvents.ParseFrameBlobCreated(FrameEvent("/blobServices/default/containers/frames/blobs/patrol-01/2026/11/25/0830/000123-front.jpg",
            "http://127.0.0.1:10000/devstoreaccount1/frames/patrol-01/2026/11/25/0830/000123%2Dfront.jpg?sv=1"));
        Assert.Equal("patrol-01/2026/11/25/0830/000123-front.jpg", parsed.BlobName);
    }

    [Fact]
    public void Telemetry_from_a_device_id_that_is_not_an_identifier_is_refused()
    {
        var message = EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = "../cam", Properties = new Dictionary<string, string> { ["type"] = "health" },
            Body = Encoding.UTF8.GetBytes("{}"), EnqueuedAt = T0,
        });
        Assert.Contains("iothub-connection-device-id may contain only", Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseDeviceTelemetry(message)).Message);
    }

    [Theory]
    [InlineData("application/json", "utf-8")]
    [InlineData("application/octet-stream", null)]
    public void A_telemetry_body_over_256_KB_is_refused(string contentType, string? encoding)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { districtId = "lize", pad = new string('x', EventGridEvents.MaxBodyBytes) });
        var message = EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = "cam-9", Properties = new Dictionary<string, string> { ["type"] = "health" },
            Body = body, ContentType = contentType, ContentEncoding = encoding, EnqueuedAt = T0,
        });
        Assert.Contains("more than IoT Hub's 262144", Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseDeviceTelemetry(message)).Message);
    }

    [Fact]
    public void A_queue_message_bigger_than_an_event_grid_event_is_refused()
    {
        var huge = new string('A', EventGridEvents.MaxQueueMessageChars + 1);
        Assert.Contains("more than the", Assert.Throws<ContractFormatException>(() => EventGridEvents.ParseEnvelope(huge)).Message);
    }
}
