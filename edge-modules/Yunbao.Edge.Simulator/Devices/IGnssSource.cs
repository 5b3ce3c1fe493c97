
namespace Yunbao.Edge.Simulator.Devices;

/// <summary>Where a moving device is now. The simulated car implements it; a real module would read a receiver.</summary>
public interface IGnssSource
{
    GnssFix Read(DateTimeOffset at);
}
