using System.Text.Json.Serialization;

namespace Yunbao.DevHost.Evaluation;

public sealed class CocoAnnotation
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("image_id")] public long ImageId { get; set; }
    [JsonPropertyName("category_id")] public long CategoryId { get; set; }
    /// <summary>[x, y, width, height] in pixels from the top-left corner.</summary>
    [JsonPropertyName("bbox")] public List<double> Bbox { get; set; } = [];
}
