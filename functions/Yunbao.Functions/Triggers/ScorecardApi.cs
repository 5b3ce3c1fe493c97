using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Yunbao.Application.Evaluation;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>How well the pipeline sees: its orders scored against the SIMULATED ground truth the local runner recorded (404 when none was).</summary>
public sealed class ScorecardApi(PipelineScorecards scorecards, HttpApi api)
{
    [Function("GetScorecard")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "scorecard")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async _ => await scorecards.ComputeAsync(ct) is { } card
            ? ApiResult.Json(card)
            : Problems.NotFound(req, "simulated ground truth (only a local simulation run records it)"), Roles.Dispatcher, Roles.Operator);
}
