
namespace Yunbao.Edge.Simulator.World;

public enum Sky { Sunny, Cloudy, Rain }
