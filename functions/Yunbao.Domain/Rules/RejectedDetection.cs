using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;

namespace Yunbao.Domain.Rules;

/// <summary>A detection (or one of its categories) the rules did not accept, and why.</summary>
public sealed record RejectedDetection(DetectedObject Object, string? CategoryCode, string Reason);
