using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Yunbao.Contracts;

namespace Yunbao.Domain.Catalog;

/// <summary>The category catalog: the single place that knows the 14 categories.</summary>
public sealed partial class CategoryCatalog
{
    private const string ResourceName = "Yunbao.Domain.categories.json";
    private static readonly Lazy<CategoryCatalog> s_default = new(LoadDefault);
    private readonly Dictionary<string, ViolationCategory> _byCode;

    public CategoryCatalog(IEnumerable<ViolationCategory> categories)
    {
        All = categories.ToList();
        _byCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<ViolationCategory> All { get; }

    /// <summary>The built-in catalog from the embedded categories.json.</summary>
    public static CategoryCatalog Default => s_default.Value;

    public bool TryGet(string code, out ViolationCategory category) => _byCode.TryGetValue(code, out category!);

    public ViolationCategory Get(string code) =>
        _byCode.TryGetValue(code, out var c) ? c : throw new KeyNotFoundException($"Unknown category '{code}'.");

    /// <summary>Categories evidenced by a detector label.</summary>
    public IEnumerable<ViolationCategory> ForLabel(string label) =>
        All.Where(c => c.EvidenceLabels.Contains(label.ToLowerInvariant()));

    /// <summary>The category a sensor alert metric evidences (case-insensitive), or null when none does.</summary>
    public ViolationCategory? ForSensorMetric(string metric) =>
        All.FirstOrDefault(c => c.SensorMetrics.Any(m => string.Equals(m, metric, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The one JSON policy, strict about unknown members: a typo in the catalog file must not pass silently.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(YunbaoJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>Parses and validates a catalog; throws <see cref="CategoryCatalogDataException"/> naming the first problem.</summary>
    public static CategoryCatalog Parse(string json)
    {
        List<ViolationCategory>? list;
        try
        {
            list = JsonSerializer.Deserialize<List<ViolationCategory>>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CategoryCatalogDataException($"categories.json is malformed at {e.Path}: {e.Message}");
        }
        if (list is null || list.Count == 0) throw new CategoryCatalogDataException("categories.json holds no categories.");
        Validate(list);
        return new CategoryCatalog(list);
    }

    /// <summary>Checks every rule a category must satisfy, and that codes, labels per category and sensor metrics are unique.</summary>
    public static void Validate(IReadOnlyList<ViolationCategory> categories)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var metrics = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in categories)
        {
            void Fail(string what) => throw new CategoryCatalogDataException($"Category '{c.Code}': {what}");
            if (string.IsNullOrWhiteSpace(c.Code) || !CodePattern().IsMatch(c.Code)) Fail("code must be lower-case kebab-case (a-z, 0-9, '-').");
            if (!codes.Add(c.Code)) Fail("code is listed twice.");
            if (string.IsNullOrWhiteSpace(c.NameZh) || string.IsNullOrWhiteSpace(c.NameEn)) Fail("nameZh and nameEn are required.");
            if (!Enum.IsDefined(c.DefaultSeverity)) Fail($"defaultSeverity {(int)c.DefaultSeverity} is not a severity.");
            if (c.DispatchSlaMinutes <= 0) Fail("dispatchSlaMinutes must be positive.");
            if (c.ResolveSlaMinutes < c.DispatchSlaMinutes) Fail("resolveSlaMinutes must be at least dispatchSlaMinutes.");
            if (c.DedupeRadiusMeters <= 0) Fail("dedupeRadiusMeters must be positive.");
            if (c.DedupeWindowMinutes <= 0) Fail("dedupeWindowMinutes must be positive.");
            if (c.EvidenceLabels is null || c.EvidenceLabels.Count == 0) Fail("evidenceLabels must name at least one detector label.");
            foreach (var l in c.EvidenceLabels!)
                if (string.IsNullOrWhiteSpace(l) || l.Any(char.IsUpper)) Fail($"evidence label '{l}' must be non-empty lower case.");
            if (c.EvidenceLabels!.Distinct().Count() != c.EvidenceLabels!.Count) Fail("evidenceLabels has duplicates.");
            if (c.Zones is null || c.Zones.Count == 0) Fail("zones must name at least one zone.");
            foreach (var z in c.Zones!)
                if (!Enum.IsDefined(z)) Fail($"zone {(int)z} is not a zone.");
            if (c.MinSightings < 1) Fail("minSightings must be at least 1.");
            if (c.PersistenceMinMinutes < 0) Fail("persistenceMinMinutes must not be negative.");
            if (c.MinSightings == 1 && c.PersistenceMinMinutes > 0) Fail("persistenceMinMinutes only applies when minSightings > 1.");
            if (c.PersistenceMinMinutes >= c.DedupeWindowMinutes && c.PersistenceMinMinutes > 0) Fail("persistenceMinMinutes must be shorter than dedupeWindowMinutes, or sightings could never pair up.");
            foreach (var h in c.ActiveHours ?? [])
                if (h is < 0 or > 23) Fail($"active hour {h} is outside 0-23.");
            if ((c.ActiveHours ?? []).Distinct().Count() != (c.ActiveHours ?? []).Count) Fail("activeHours has duplicates.");
            if (c.MinConfidence is <= 0 or > 1) Fail("minConfidence must be in (0, 1].");
            foreach (var m in c.SensorMetrics ?? [])
            {
                if (string.IsNullOrWhiteSpace(m)) Fail("a sensor metric is empty.");
                if (metrics.TryGetValue(m, out var other)) Fail($"sensor metric '{m}' is already mapped to '{other}'.");
                metrics[m] = c.Code;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();

    private static CategoryCatalog LoadDefault()
    {
        using var stream = typeof(CategoryCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new CategoryCatalogDataException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var catalog = Parse(reader.ReadToEnd());
        if (catalog.All.Count != 14) throw new CategoryCatalogDataException($"The built-in catalog must hold the 14 district categories, found {catalog.All.Count}.");
        return catalog;
    }
}
