
namespace Yunbao.Application.Ports;

/// <summary>Thrown by a repository when the stored document changed since it was read (HTTP 412) or already exists (409).</summary>
public sealed class ConcurrencyConflictException(string message, bool alreadyExists = false) : Exception(message)
{
    /// <summary>True for a create that found the id taken (409); false for a stale ETag (412).</summary>
    public bool AlreadyExists { get; } = alreadyExists;
}
