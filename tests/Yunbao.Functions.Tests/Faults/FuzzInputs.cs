using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Yunbao.Functions.Tests;

/// <summary>
/// FsCheck generators for what a careless client or an attacker sends: hostile text, numbers JSON cannot hold, valid-ish
/// JSON with one field wrong, junk bytes, deep nesting, huge values. Shared by the HTTP and the queue fuzzers.
/// </summary>
public static class FuzzInputs
{
    /// <summary>Texts that broke something once somewhere (ours: %FF reached the Cosmos stand-in and killed it).</summary>
    public static readonly string[] NastyTexts =
    [
        "", " ", ".", "..", "../frames", "..\\x", "%FF", "%25FF", "\uFFFD\uFFFD", "a\\b", "a/b", "null", "[]", "{}", "NaN", "Infinity",
        "-Infinity", "1e309", "-1", "0", "99999999999999999999", "steward-a", "dispatcher", "<script>alert(1)</script>", "' OR 1=1 --",
        "\u0000", "\t", "\r\n", "é", "区", "🚧", "SELECT * FROM c", "wo-1", "lize", "all", "24h", "true",
    ];

    public static readonly string[] JsonKeys =
    [
        "action", "note", "stewardId", "evidence", "lon", "lat", "id", "name", "userObjectId", "capacity", "available",
        "districtId", "kind", "ts", "metric", "value", "threshold", "state", "values", "headingDeg", "speedKmh", "subject", "data",
    ];

    public static Gen<string> Text { get; } = Gen.Frequency(
        (5, Gen.Elements(NastyTexts)),
        (3, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")),
        (2, Gen.Choose(0, 9999).Select(i => "id-" + i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Elements(65, 1_025, 5_000, 70_000).Select(n => new string('x', n))));

    /// <summary>JSON number tokens, including ones a double cannot hold.</summary>
    public static Gen<string> NumberToken { get; } = Gen.Frequency(
        (3, Gen.Elements("0", "-0", "1e308", "1e309", "-1e309", "1e-400", "123456789012345678901234567890", "116.31", "39.86", "-180", "180.0000001", "90", "3")),
        (2, ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (1, ArbMap.Default.GeneratorFor<int>().Select(i => i.ToString(CultureInfo.InvariantCulture))));

    /// <summary>Any JSON value, nested to a bounded depth.</summary>
    public static Gen<JsonNode?> JsonValue(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, Gen.ListOf(JsonValue(depth - 1), 3).Select(items => (JsonNode?)new JsonArray([.. items.Select(Clone)]))),
            (1, Gen.ListOf(Gen.Zip(Gen.OneOf(Gen.Elements(JsonKeys), Text), JsonValue(depth - 1)), 3).Select(pairs =>
            {
                var o = new JsonObject();
                foreach (var (k, v) in pairs) o[k] = Clone(v);
                return (JsonNode?)o;
            })));

    private static Gen<JsonNode?> Scalar { get; } = Gen.Frequency(
        (1, Gen.Constant<JsonNode?>(null)),
        (1, Gen.Elements(true, false).Select(b => (JsonNode?)Value(b))),
        (3, NumberToken.Select(t => JsonNode.Parse(t))),
        (3, Text.Select(s => (JsonNode?)Value(s))));

    private static JsonNode Value<T>(T value) => System.Text.Json.Nodes.JsonValue.Create(value)!;

    private static JsonNode? Clone(JsonNode? n) => n?.DeepClone();

    /// <summary>
    /// A JSON document that is mostly right: <paramref name="valid"/> with one to three fields set to a wrong value,
    /// removed, or joined by an unknown one.
    /// </summary>
    public static Gen<string> Mutated(string valid) =>
        Gen.ListOf(Gen.Zip(Gen.Choose(0, 3), Gen.Zip(Gen.Elements(JsonKeys), JsonValue(2))), 3).Select(mutations =>
        {
            var node = JsonNode.Parse(valid)!;
            foreach (var (kind, (key, value)) in mutations) Mutate(node, kind, key, value);
            return node.ToJsonString();
        });

    private static void Mutate(JsonNode node, int kind, string key, JsonNode? value)
    {
        // Into a nested object now and then (Event Grid's data, telemetry bodies), so inner fields are hit too.
        if (node is JsonObject outer && outer.Where(p => p.Value is JsonObject).Select(p => p.Value).FirstOrDefault() is JsonObject inner && kind % 2 == 1) node = inner;
        if (node is not JsonObject o) return;
        var existing = o.Select(p => p.Key).ToList();
        switch (kind)
        {
            case 0 when existing.Count > 0: o.Remove(existing[Math.Abs(key.GetHashCode(StringComparison.Ordinal)) % existing.Count]); break;
            case 1 when existing.Count > 0: o[existing[Math.Abs(key.GetHashCode(StringComparison.Ordinal)) % existing.Count]] = value?.DeepClone(); break;
            default: o[key] = value?.DeepClone(); break;
        }
    }

    /// <summary>Bodies that are not JSON at all, or JSON no parser should be asked to hold.</summary>
    public static Gen<byte[]> Hostile { get; } = Gen.OneOf(
        ArbMap.Default.GeneratorFor<byte[]>().Select(b => b ?? []),
        Gen.Elements(
            "", "{", "}", "[", "null", "\"just a string\"", "42", "{\"lon\":NaN,\"lat\":Infinity}", "{\"lon\":-Infinity}", "{'action':'accept'}",
            "{\"action\":\"accept\",}", "{\"action\":\"accept\"}{\"action\":\"reject\"}", "\uFEFF{\"action\":\"accept\"}", "{\"a\":\"\\uD800\"}",
            "action=accept&note=x", "<xml/>").Select(Encoding.UTF8.GetBytes),
        Gen.Choose(100, 1_200).Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth))),
        Gen.Choose(100, 600).Select(depth => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))),
        Gen.Elements(70_000, 2_500_000).Select(n => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { action = "reject", note = new string('x', n) }))),
        Gen.Constant(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { action = "reject", note = "n", evidence = Enumerable.Repeat("e", 50_000) }))),
        Gen.Constant(new byte[] { 0xFF, 0xFE, 0x00, 0x7B, 0xC3, 0x28 }));
}
