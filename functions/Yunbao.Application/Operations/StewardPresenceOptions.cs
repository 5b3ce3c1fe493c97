namespace Yunbao.Application.Operations;

/// <summary>When a steward's phone counts as gone quiet. Bound from configuration section "StewardPresence".</summary>
public sealed class StewardPresenceOptions
{
    public const string Section = "StewardPresence";
    /// <summary>A steward not heard from for this long is shown as stale and never suggested for dispatch.</summary>
    public int StaleAfterMinutes { get; set; } = 15;

    /// <summary>The oldest last-seen time that still counts as fresh at <paramref name="now"/>: the one definition the console and dispatch share.</summary>
    public DateTimeOffset FreshSince(DateTimeOffset now) => now - TimeSpan.FromMinutes(StaleAfterMinutes);
}
