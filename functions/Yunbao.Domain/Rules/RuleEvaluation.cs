using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;

namespace Yunbao.Domain.Rules;

public sealed record RuleEvaluation(IReadOnlyList<IncidentCandidate> Candidates, IReadOnlyList<RejectedDetection> Rejected);
