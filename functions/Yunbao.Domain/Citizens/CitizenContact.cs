using System.Text;
using System.Text.Json.Serialization;

namespace Yunbao.Domain.Citizens;

/// <summary>
/// Who reported (Open311's first_name, last_name, phone, email, device_id, account_id): personal data. It is stored
/// with the request so the city can call back, but no public answer carries it, and its printed form is redacted so
/// a log line that formats a report by accident still leaks nothing.
/// </summary>
public sealed record CitizenContact
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? DeviceId { get; init; }
    public string? AccountId { get; init; }

    [JsonIgnore]
    public bool IsEmpty => FirstName is null && LastName is null && Phone is null && Email is null && DeviceId is null && AccountId is null;

    // Records print every property; this one prints that it withholds them.
#pragma warning disable CA1822 // The compiler calls this record member by its instance signature.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("personal data withheld");
        return true;
    }
#pragma warning restore CA1822
}
