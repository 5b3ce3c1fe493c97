using System.Buffers.Text;
using System.Text.Json;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Pipeline;

namespace Yunbao.Infrastructure.Detection;

/// <summary>
/// The `simgroundtruth` blob metadata value: base64url (no padding, metadata is ASCII) of the camelCase JSON array of
/// <see cref="GroundTruthObject"/>. The simulator writes it with <see cref="Encode"/>; the simulation detector reads it.
/// </summary>
public static class SimulationGroundTruth
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Encode(IEnumerable<GroundTruthObject> objects) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(objects.ToList(), Json));

    public static IReadOnlyList<GroundTruthObject> Decode(string blobName, string value)
    {
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(value.Trim()); }
        catch (FormatException) { throw Bad(blobName, "is not base64url"); }
        try { return JsonSerializer.Deserialize<List<GroundTruthObject>>(bytes, Json) ?? throw Bad(blobName, "is JSON null"); }
        catch (JsonException e) { throw Bad(blobName, $"is not a JSON array of ground-truth objects ({e.Message})"); }
    }

    private static UnprocessableInputException Bad(string blobName, string problem) =>
        new($"Frame '{blobName}': metadata '{FrameMetadataKeys.GroundTruth}' {problem}.");
}
