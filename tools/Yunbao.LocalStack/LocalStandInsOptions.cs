using System.Diagnostics;

namespace Yunbao.LocalStack;

/// <summary>What to start and where to find it.</summary>
public sealed record LocalStandInsOptions
{
    /// <summary>Start Azurite (Blob, Queue, Table).</summary>
    public bool Storage { get; init; } = true;
    /// <summary>Start @vercel/cosmosdb-server.</summary>
    public bool Cosmos { get; init; } = true;
    /// <summary>
    /// Run Azurite's blob garbage collection (every 10 minutes, not configurable in 3.35). Off by default: in memory it only
    /// frees deleted/overwritten extents, and with ~10,000 blobs it blocked Azurite for minutes.
    /// </summary>
    public bool AzuriteBlobGc { get; init; }
    /// <summary>The directory holding Serverless.sln; found by walking up from the current and base directories when null.</summary>
    public string? RepoRoot { get; init; }
    /// <summary>How long one stand-in may take to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Progress lines ("Azurite ready on ..."); null = quiet.</summary>
    public Action<string>? Log { get; init; }
}
