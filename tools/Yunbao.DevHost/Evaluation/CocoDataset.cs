using System.Text.Json;
using System.Text.Json.Serialization;

namespace Yunbao.DevHost.Evaluation;

/// <summary>
/// The part of the COCO object-detection format the evaluation reads: images, annotations (bbox = [x, y, w, h] in pixels)
/// and categories (name = detector label). COCO's own snake_case names, since it is an outside format.
/// </summary>
public sealed class CocoDataset
{
    public const string FileName = "annotations.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    [JsonPropertyName("images")] public List<CocoImage> Images { get; set; } = [];
    [JsonPropertyName("annotations")] public List<CocoAnnotation> Annotations { get; set; } = [];
    [JsonPropertyName("categories")] public List<CocoCategory> Categories { get; set; } = [];

    public static CocoDataset Load(string path) =>
        JsonSerializer.Deserialize<CocoDataset>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is JSON null, not a COCO file.");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
