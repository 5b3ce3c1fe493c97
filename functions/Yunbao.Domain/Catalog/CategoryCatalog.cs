namespace Yunbao.Domain.Catalog;

/// <summary>The category catalog: the single place that knows the 14 categories.</summary>
public sealed class CategoryCatalog
{
    private readonly Dictionary<string, ViolationCategory> _byCode;

    public CategoryCatalog(IEnumerable<ViolationCategory> categories)
    {
        All = categories.ToList();
        _byCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<ViolationCategory> All { get; }

    /// <summary>The built-in catalog from the embedded categories.json.</summary>
    public static CategoryCatalog Default => throw new NotImplementedException("filled by the domain work");

    public bool TryGet(string code, out ViolationCategory category) => _byCode.TryGetValue(code, out category!);

    public ViolationCategory Get(string code) =>
        _byCode.TryGetValue(code, out var c) ? c : throw new KeyNotFoundException($"Unknown category '{code}'.");

    /// <summary>Categories evidenced by a detector label.</summary>
    public IEnumerable<ViolationCategory> ForLabel(string label) =>
        All.Where(c => c.EvidenceLabels.Contains(label.ToLowerInvariant()));
}
