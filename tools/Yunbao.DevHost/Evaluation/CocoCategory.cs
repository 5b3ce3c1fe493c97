using System.Text.Json.Serialization;

namespace Yunbao.DevHost.Evaluation;

public sealed class CocoCategory
{
    [JsonPropertyName("id")] public long Id { get; set; }
    /// <summary>The detector label, e.g. "car" (matched case-insensitively to the catalog's evidence labels).</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}
