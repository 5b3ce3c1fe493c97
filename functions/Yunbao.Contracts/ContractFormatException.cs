namespace Yunbao.Contracts;

/// <summary>
/// A message or metadata set that does not follow the contract (missing key, unreadable number, wrong event type).
/// Retrying cannot help: the cloud parks the input with <see cref="Exception.Message"/> as the reason.
/// </summary>
public sealed class ContractFormatException(string reason) : FormatException(reason);
