using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

public sealed class ConnectionSettingsTests
{
    [Fact]
    public void Parses_a_device_connection_string()
    {
        var s = IotHubConnectionSettings.Parse("HostName=yunbao-hub.azure-devices.net;DeviceId=patrol-car-01;SharedAccessKey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

        Assert.Equal("yunbao-hub.azure-devices.net", s.HostName);
        Assert.Equal("patrol-car-01", s.DeviceId);
        Assert.False(s.IsModule);
        Assert.Equal("patrol-car-01", s.ClientId);
        Assert.Equal("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", s.SharedAccessKey); // trailing '=' kept
        Assert.Equal("yunbao-hub.azure-devices.net/patrol-car-01/?api-version=2021-04-12", IotHubTopics.Username(s.HostName, s.DeviceId, s.ModuleId));
    }

    [Fact]
    public void Parses_a_module_connection_string_with_a_gateway()
    {
        var s = IotHubConnectionSettings.Parse("HostName=h.azure-devices.net;DeviceId=gw;ModuleId=envSensor;SharedAccessKey=AAAA;GatewayHostName=edgehub.local");

        Assert.True(s.IsModule);
        Assert.Equal("gw/envSensor", s.ClientId);
        Assert.Equal("edgehub.local", s.GatewayHostName);
        Assert.Equal("h.azure-devices.net/devices/gw/modules/envSensor", s.ResourceUri);
        Assert.Equal("h.azure-devices.net/gw/envSensor/?api-version=2021-04-12", IotHubTopics.Username(s.HostName, s.DeviceId, s.ModuleId));
    }

    [Theory]
    [InlineData("DeviceId=d;SharedAccessKey=AAAA", "HostName")]
    [InlineData("HostName=h;SharedAccessKey=AAAA", "DeviceId")]
    [InlineData("HostName=h;DeviceId=d", "SharedAccessKey")]
    [InlineData("HostName=h;DeviceId=d;SharedAccessKey=not base64!", "Base64")]
    public void Rejects_incomplete_connection_strings_with_a_clear_message(string connectionString, string mentioned)
    {
        var ex = Assert.Throws<FormatException>(() => IotHubConnectionSettings.Parse(connectionString));
        Assert.Contains(mentioned, ex.Message);
    }

    [Fact]
    public void Reads_the_iot_edge_module_environment()
    {
        var env = new Dictionary<string, string>
        {
            ["IOTEDGE_IOTHUBHOSTNAME"] = "yunbao-hub.azure-devices.net",
            ["IOTEDGE_DEVICEID"] = "edge-gw-01",
            ["IOTEDGE_MODULEID"] = "patrolCamera",
            ["IOTEDGE_GATEWAYHOSTNAME"] = "edge-gw-01.local",
            ["IOTEDGE_WORKLOADURI"] = "unix:///var/run/iotedge/workload.sock",
            ["IOTEDGE_MODULEGENERATIONID"] = "637000000000000000",
            ["IOTEDGE_APIVERSION"] = "2019-01-30",
            ["IOTEDGE_AUTHSCHEME"] = "sasToken",
        };

        var edge = EdgeModuleEnvironment.TryRead(n => env.GetValueOrDefault(n));

        Assert.NotNull(edge);
        Assert.Equal("/var/run/iotedge/workload.sock", edge.WorkloadUri.LocalPath);
        var settings = edge.ToConnectionSettings();
        Assert.Equal("edge-gw-01/patrolCamera", settings.ClientId);
        Assert.Equal("edge-gw-01.local", settings.GatewayHostName);
        Assert.Null(settings.SharedAccessKey);
        Assert.Null(EdgeModuleEnvironment.TryRead(_ => null));
    }
}
