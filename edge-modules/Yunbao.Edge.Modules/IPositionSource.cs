namespace Yunbao.Edge.Modules;

/// <summary>Where the device is: a GNSS receiver on a vehicle, a surveyed pole position for a fixed camera, or a simulation.</summary>
public interface IPositionSource
{
    /// <summary>The fix at <paramref name="at"/>; throws <see cref="PositionUnavailableException"/> when there is none.</summary>
    PositionFix Read(DateTimeOffset at);
}
