using Microsoft.AspNetCore.Http;
using Yunbao.Application;
using Yunbao.Contracts.Validation;
using Yunbao.Domain.Stewards;

namespace Yunbao.Functions.Http;

/// <summary>Body of POST stewards: the steward's id, name, the Entra object id (`oid`) they sign in with, where they start, capacity.</summary>
public sealed record StewardRegistrationRequest(string? Id, string? Name, string? UserObjectId, double? Lon, double? Lat, int? Capacity, bool? Available)
{
    /// <summary>Reads and validates the body (415, 413, 400 via <see cref="RequestRejectedException"/>) into a new steward.</summary>
    public static async Task<Steward> ParseAsync(HttpRequest req, DistrictOptions district, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var body = await RequestParsing.ReadJsonAsync<StewardRegistrationRequest>(req, errors, ct);
        if (body is null) throw RequestRejectedException.Invalid(errors);
        if (Identifier.Problem(body.Id, "id") is { } ip) RequestParsing.Add(errors, "id", ip);
        if (Identifier.Problem(body.UserObjectId, "userObjectId") is { } up) RequestParsing.Add(errors, "userObjectId", up);
        if (body.Name is { Length: > HttpLimits.MaxNameLength } || (body.Name is not null && body.Name.Any(char.IsControl)))
            RequestParsing.Add(errors, "name", $"At most {HttpLimits.MaxNameLength} characters, no control characters.");
        if (body.Capacity is < 1 or > HttpLimits.MaxStewardCapacity) RequestParsing.Add(errors, "capacity", $"Expected 1 to {HttpLimits.MaxStewardCapacity}.");
        var where = DistrictGeo.ParsePoint(body.Lon, body.Lat, district.Bounds, errors, required: false);
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
        var b = district.Bounds;
        return new Steward
        {
            Id = body.Id!, DistrictId = district.DistrictId, Name = string.IsNullOrWhiteSpace(body.Name) ? body.Id! : body.Name, UserObjectId = body.UserObjectId,
            Location = where ?? new((b.West + b.East) / 2, (b.South + b.North) / 2), Available = body.Available ?? false, Capacity = body.Capacity ?? 3,
        };
    }
}
