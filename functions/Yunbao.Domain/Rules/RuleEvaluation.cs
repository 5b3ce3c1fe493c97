
namespace Yunbao.Domain.Rules;

public sealed record RuleEvaluation(IReadOnlyList<IncidentCandidate> Candidates, IReadOnlyList<RejectedDetection> Rejected);
