using System.Text.Json;
using System.Text.Json.Nodes;
using Yunbao.Application.OpsEvents;
using Yunbao.Contracts;

namespace Yunbao.Infrastructure.Messaging;

/// <summary>An ops event in CloudEvents 1.0 structured JSON (attribute names as the spec spells them; data in YunbaoJson).</summary>
public static class CloudEventJson
{
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    public static byte[] Encode(OpsEvent e)
    {
        var json = new JsonObject
        {
            ["specversion"] = OpsEvent.SpecVersion,
            ["id"] = e.Id,
            ["type"] = e.Type,
            ["source"] = e.Source,
            ["subject"] = e.Subject,
            ["time"] = e.Time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = JsonSerializer.SerializeToNode(e.Data, YunbaoJson.Options),
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, YunbaoJson.Options);
    }
}
