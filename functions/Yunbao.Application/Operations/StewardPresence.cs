using Yunbao.Domain.Stewards;

namespace Yunbao.Application.Operations;

/// <summary>A steward as the console shows them: whether their phone went quiet, and whether they can take an order now.</summary>
public sealed record StewardPresence(Steward Steward, bool Stale, TimeSpan SinceLastSeen)
{
    public bool CanTakeOrders => !Stale && Steward.HasCapacity;
}
