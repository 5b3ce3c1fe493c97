using System.Text.Json;
using System.Text.Json.Serialization;

namespace Yunbao.Contracts;

/// <summary>
/// The one JSON policy of Yunbao's own shapes, wherever they travel: HTTP bodies, Cosmos DB documents, device and queue
/// messages, blobs and the data files. camelCase names, nulls left out, enums as snake_case strings ("in_progress",
/// "no_parking"), and lenient reading (any case, comments, trailing commas) so hand-edited data files load too.
/// IoT Hub's own documents (twin, method envelopes) keep IoT Hub's format in the device client.
/// </summary>
public static class YunbaoJson
{
    /// <summary>How enum values are spelt on every wire and in every document.</summary>
    public static JsonNamingPolicy EnumNaming { get; } = JsonNamingPolicy.SnakeCaseLower;

    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>An enum value as it is written: <c>WorkOrderStatus.InProgress</c> → "in_progress".</summary>
    public static string EnumText<T>(T value) where T : struct, Enum => EnumNaming.ConvertName(value.ToString());

    /// <summary>Parses an enum from its written form ("in_progress"), or from "InProgress"/"inprogress"; numbers are refused.</summary>
    public static bool TryParseEnum<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text?.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim(), ignoreCase: true, out value)
        && Enum.IsDefined(value)
        && !int.TryParse(text, out _);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(EnumNaming));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
