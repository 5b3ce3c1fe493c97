using System.Buffers.Text;
using System.Text.Json;
using Yunbao.Contracts;

namespace Yunbao.Contracts.Simulation;

/// <summary>
/// The `simgroundtruth` blob metadata value: base64url (no padding) of the JSON array of
/// <see cref="GroundTruthObject"/> (camelCase). The fleet simulator writes it; the simulation detector reads it.
/// Base64url because blob metadata values must be ASCII and the labels' JSON is not guaranteed to be.
/// </summary>
public static class GroundTruthCodec
{

    public static string Encode(IReadOnlyList<GroundTruthObject> objects) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(objects, YunbaoJson.Options));

    /// <summary>Decodes a metadata value; throws FormatException on anything that is not one.</summary>
    public static IReadOnlyList<GroundTruthObject> Decode(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<List<GroundTruthObject>>(Base64Url.DecodeFromChars(value), YunbaoJson.Options)
                ?? throw new FormatException("simgroundtruth is JSON null.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"simgroundtruth is not a JSON array of ground-truth objects: {e.Message}", e);
        }
    }
}
