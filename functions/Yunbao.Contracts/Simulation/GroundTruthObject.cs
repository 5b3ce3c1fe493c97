using Yunbao.Contracts.Frames;

namespace Yunbao.Contracts.Simulation;

/// <summary>One violation the simulator drew into a frame: what the simulation detector "sees".</summary>
public sealed record GroundTruthObject(string Label, string CategoryCode, PixelBox Box, double Lon, double Lat, bool Congestion = false);
