using System.Text;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

public sealed class TopicTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-25T08:30:15.123Z");

    [Fact]
    public void Device_event_topic_carries_the_documented_system_and_application_properties()
    {
        var message = new DeviceMessage
        {
            Type = "position",
            Body = "{}"u8.ToArray(),
            MessageId = "m-1",
            Properties = new Dictionary<string, string> { ["districtId"] = "lize" },
        };

        var topic = IotHubTopics.D2CTopic("patrol-car-01", null, message, Now);

        Assert.Equal(
            "devices/patrol-car-01/messages/events/$.mid=m-1&$.ct=application%2Fjson&$.ce=utf-8&$.ctime=2026-11-25T08%3A30%3A15.123Z&type=position&districtId=lize",
            topic);
    }

    [Fact]
    public void Module_event_topic_includes_module_and_output_name()
    {
        var message = new DeviceMessage { Type = "alert", Body = "{}"u8.ToArray(), MessageId = "m-2", OutputName = "alerts" };

        var topic = IotHubTopics.D2CTopic("edge-gw-01", "envSensor", message, Now);

        Assert.StartsWith("devices/edge-gw-01/modules/envSensor/messages/events/", topic);
        Assert.Contains("&$.on=alerts&", topic);
        Assert.True(IotHubTopics.TryParseD2CTopic(topic, out var device, out var module, out var props));
        Assert.Equal(("edge-gw-01", "envSensor"), (device, module));
        Assert.Equal("alerts", props["$.on"]);
        Assert.Equal("alert", props["type"]);
    }

    [Fact]
    public void Special_characters_in_names_and_values_are_url_encoded_and_round_trip()
    {
        var properties = new Dictionary<string, string>
        {
            ["street name"] = "丽泽路 & 金融街=东/西",
            ["a&b=c/d"] = "100% + 1 ?#",
            ["emoji"] = "🚗",
        };
        var message = new DeviceMessage { Type = "sensor", Body = "{}"u8.ToArray(), MessageId = "id with space/&=", Properties = properties };

        var topic = IotHubTopics.D2CTopic("d1", null, message, Now);
        var bag = topic["devices/d1/messages/events/".Length..];

        // Nothing that would split the bag or the topic survives unencoded.
        Assert.DoesNotContain(' ', bag);
        Assert.DoesNotContain('/', bag);
        Assert.DoesNotContain('#', bag);
        Assert.DoesNotContain('+', bag);
        Assert.Equal(bag.Count(c => c == '&') + 1, bag.Count(c => c == '='));
        Assert.Contains("street%20name=%E4%B8%BD%E6%B3%BD%E8%B7%AF%20%26%20%E9%87%91%E8%9E%8D%E8%A1%97%3D%E4%B8%9C%2F%E8%A5%BF", bag);
        Assert.True(IotHubTopics.TryParseD2CTopic(topic, out _, out _, out var parsed));
        foreach (var (name, value) in properties) Assert.Equal(value, parsed[name]);
        Assert.Equal("id with space/&=", parsed["$.mid"]);
    }

    [Fact]
    public void Application_property_cannot_shadow_system_properties()
    {
        var message = new DeviceMessage { Type = "health", Body = "{}"u8.ToArray(), Properties = new Dictionary<string, string> { ["$.mid"] = "x" } };
        Assert.Throws<ArgumentException>(() => IotHubTopics.D2CTopic("d", null, message, Now));
    }

    [Fact]
    public void Size_counts_body_system_values_and_application_names_and_values()
    {
        var message = new DeviceMessage
        {
            Type = "sensor", // "type" + "sensor" = 10
            Body = new byte[1000],
            MessageId = "abc", // 3
            Properties = new Dictionary<string, string> { ["k"] = "é" }, // 1 + 2
        };

        // system values: mid 3 + ct 16 + ce 5 + ctime 24
        Assert.Equal(1000 + 3 + 16 + 5 + 24 + 10 + 3, IotHubTopics.MessageSize(message, Now));
    }

    [Fact]
    public void Twin_and_method_topics_follow_the_documentation()
    {
        Assert.Equal("$iothub/twin/GET/?$rid=7", IotHubTopics.TwinGet("7"));
        Assert.Equal("$iothub/twin/PATCH/properties/reported/?$rid=8", IotHubTopics.TwinPatchReported("8"));
        Assert.Equal("$iothub/methods/res/501/?$rid=9", IotHubTopics.MethodResponse(501, "9"));
        Assert.Equal("devices/d1/messages/devicebound/#", IotHubTopics.CloudToDevice("d1"));
        Assert.Equal("devices/d1/modules/m1/#", IotHubTopics.ModuleInputs("d1", "m1"));
        var q = IotHubTopics.QueryOf("$iothub/twin/res/204/?$rid=8&$version=12");
        Assert.Equal(("8", "12"), (q["$rid"], q["$version"]));
    }
}
