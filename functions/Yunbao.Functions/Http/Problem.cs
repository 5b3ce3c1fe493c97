using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Yunbao.Functions.Http;

/// <summary>RFC 7807 problem details (https://www.rfc-editor.org/rfc/rfc7807). Errors lists invalid fields for validation problems.</summary>
public sealed record Problem(string Type, string Title, int Status, string Detail, string? Instance)
{
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
    /// <summary>Extension members (RFC 7807 §3.2), written at the top level: e.g. currentStatus for an illegal transition.</summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, object?>? Extensions { get; init; }
}
