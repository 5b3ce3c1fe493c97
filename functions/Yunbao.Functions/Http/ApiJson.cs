using System.Text.Json;
using System.Text.Json.Serialization;

namespace Yunbao.Functions.Http;

/// <summary>The one JSON shape of the HTTP API: camelCase, enums as snake_case strings ("in_progress", as in the design).</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>Parses an enum from "in_progress", "InProgress" or "inprogress".</summary>
    public static bool TryParseEnum<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text?.Replace("_", "").Replace("-", "").Trim(), ignoreCase: true, out value)
        && Enum.IsDefined(value)
        && !int.TryParse(text, out _);

    public static string EnumText<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
