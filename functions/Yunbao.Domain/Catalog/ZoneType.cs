namespace Yunbao.Domain.Catalog;

/// <summary>Where a point lies on the street: the violation rules depend on it.</summary>
public enum ZoneType { Roadway, Sidewalk, Plaza, NoParking, Other }
