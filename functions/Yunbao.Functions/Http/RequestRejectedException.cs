namespace Yunbao.Functions.Http;

/// <summary>A request refused before any work (400, 403, 413, 415): <see cref="HttpApi"/> turns it into problem+json.</summary>
public sealed class RequestRejectedException : Exception
{
    public RequestRejectedException() : this(400, "validation", "The request is not valid.", "The request is not valid.") { }

    public RequestRejectedException(string message) : this(400, "validation", "The request is not valid.", message) { }

    public RequestRejectedException(string message, Exception inner) : base(message, inner)
    {
        Status = 400;
        Type = "validation";
        Title = "The request is not valid.";
    }

    public RequestRejectedException(int status, string type, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null) : base(detail)
    {
        Status = status;
        Type = type;
        Title = title;
        Errors = errors;
    }

    public int Status { get; }
    public string Type { get; }
    public string Title { get; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    public static RequestRejectedException Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, "validation", "The request is not valid.", "One or more fields are invalid: " + string.Join(", ", errors.Keys) + ".", errors);
}
