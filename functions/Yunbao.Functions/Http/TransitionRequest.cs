using Microsoft.AspNetCore.Http;
using Yunbao.Application;
using Yunbao.Application.WorkOrders;
using Yunbao.Contracts;
using Yunbao.Contracts.Validation;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

/// <summary>
/// Body of POST workorders/{id}/transitions. <see cref="StewardId"/> is only for <c>dispatch</c> (whom to dispatch to):
/// who does an action is always the signed-in caller.
/// </summary>
public sealed record TransitionRequest(string? Action, string? StewardId, string? Note, IReadOnlyList<string>? Evidence, double? Lon, double? Lat)
{
    /// <summary>Reads and validates the body (415, 413, 400 via <see cref="RequestRejectedException"/>) into the application's request.</summary>
    public static async Task<WorkOrderTransition> ParseAsync(HttpRequest req, DistrictOptions district, string id, string ifMatch, Actor by, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var body = await RequestParsing.ReadJsonAsync<TransitionRequest>(req, errors, ct);
        if (body is null) throw RequestRejectedException.Invalid(errors);
        if (!YunbaoJson.TryParseEnum(body.Action, out WorkOrderAction action))
            RequestParsing.Add(errors, "action", $"Expected one of {string.Join(", ", Enum.GetValues<WorkOrderAction>().Select(YunbaoJson.EnumText))}.");
        else if (body.StewardId is not null && action != WorkOrderAction.Dispatch)
            RequestParsing.Add(errors, "stewardId", "Only for dispatch (whom to dispatch to): the signed-in caller is who does the action.");
        if (body.StewardId is not null && Identifier.Problem(body.StewardId, "stewardId") is { } sp) RequestParsing.Add(errors, "stewardId", sp);
        var note = RequestParsing.Note(body.Note, errors);
        var evidence = RequestParsing.Evidence(body.Evidence, errors);
        var where = DistrictGeo.ParsePoint(body.Lon, body.Lat, district.Bounds, errors, required: false);
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
        return new WorkOrderTransition
        {
            DistrictId = district.DistrictId, WorkOrderId = id, Action = action, By = by, CheckCallerPolicy = true,
            IfMatch = ifMatch, StewardId = body.StewardId, Where = where, Note = note, Evidence = evidence,
        };
    }
}
