namespace Yunbao.Functions.Http.Open311;

/// <summary>A nested list in an Open311 answer: a JSON array, or in XML a container whose children are named <see cref="ItemName"/>.</summary>
public sealed record Open311List(string ItemName, IReadOnlyList<Open311Fields> Items);
