namespace Yunbao.Domain.Evaluation;

/// <summary>
/// How dedupe behaved against the ground truth. Merged: orders whose sightings matched two or more distinct violations
/// (should have been separate orders) and how many violations were folded in beyond the first. Split: violations
/// matched by two or more orders (should have been one) and how many orders beyond the first they got.
/// </summary>
public sealed record DedupeOutcome(int MergedOrders, int ViolationsMergedAway, int SplitViolations, int ExtraOrders);
