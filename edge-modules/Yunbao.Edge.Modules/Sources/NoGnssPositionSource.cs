namespace Yunbao.Edge.Modules.Sources;

/// <summary>
/// The placeholder for a patrol car's GNSS receiver, which this build has no driver for: there is never a fix, so the
/// patrol camera sends no frame and no position (a frame at a made-up place would put incidents on the wrong street).
/// </summary>
public sealed class NoGnssPositionSource : IPositionSource
{
    public const string Reason = "No GNSS connected (Sources:Gnss=none): the patrol camera has no position fix.";

    public PositionFix Read(DateTimeOffset at) => throw new PositionUnavailableException(Reason);
}
