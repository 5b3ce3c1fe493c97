
namespace Yunbao.Edge.Simulator.World;

public enum DayFilter { Any, Weekday, Weekend, Monday }
