using Yunbao.Domain.Geo;

namespace Yunbao.Edge.Simulator.World;

public enum PlaceKind { MetroExit, Plaza, OfficeTower, ResidentialLane, Restaurants, ConstructionSite, LowPoint, ShopFront }
