namespace Yunbao.Contracts.Frames;

/// <summary>What produced an event on the map.</summary>
public enum EventSource { PatrolVehicle, FixedCamera, Sensor, Citizen, Steward }
