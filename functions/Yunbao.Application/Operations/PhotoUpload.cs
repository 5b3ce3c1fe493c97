namespace Yunbao.Application.Operations;

/// <summary>An accepted photo: its key among the order's evidence and the reference to put in a transition's evidence.</summary>
public sealed record PhotoUpload(string Key, string EvidenceReference, string ContentType, int Width, int Height);
