
namespace Yunbao.IotHubStandIn;

/// <summary>Why a connection or request was refused (logged; the client only sees "bad username or password" / 401).</summary>
public enum AuthFailure { None, MalformedClientId, MalformedUserName, UnknownIdentity, MalformedToken, WrongResource, Expired, BadSignature }
