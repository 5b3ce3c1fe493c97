namespace Yunbao.Functions.Http;

/// <summary>The one set of size limits for what callers send: bodies, text, lists, pages, tokens.</summary>
public static class HttpLimits
{
    /// <summary>Request bodies larger than this are refused with 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxNoteLength = 2_000;
    public const int MaxEvidenceItems = 20;
    /// <summary>An evidence entry is a URL or blob reference of at most this many characters.</summary>
    public const int MaxEvidenceLength = 1_024;
    public const int MaxNameLength = 100;
    public const int MinPageSize = 1;
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;
    public const int MaxContinuationTokenLength = 8_192;
    public const int MaxStewardCapacity = 50;
    /// <summary>Easy Auth principals are a few kilobytes; anything far larger is not one.</summary>
    public const int MaxPrincipalHeaderLength = 32 * 1024;
}
