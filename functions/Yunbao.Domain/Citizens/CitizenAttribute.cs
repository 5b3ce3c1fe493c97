namespace Yunbao.Domain.Citizens;

/// <summary>One Open311 service attribute (a question the report form asks for a category).</summary>
public sealed record CitizenAttribute
{
    public required string Code { get; init; }
    /// <summary>string, number, datetime, text, singlevaluelist or multivaluelist (Open311's datatypes).</summary>
    public required string Datatype { get; init; }
    public required bool Required { get; init; }
    public required int Order { get; init; }
    public required string DescriptionZh { get; init; }
    public required string DescriptionEn { get; init; }
    /// <summary>Allowed keys and their names (zh, en) for the list datatypes.</summary>
    public IReadOnlyList<(string Key, string NameZh, string NameEn)> Values { get; init; } = [];
}
