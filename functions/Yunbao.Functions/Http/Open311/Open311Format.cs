namespace Yunbao.Functions.Http.Open311;

/// <summary>The two formats GeoReport v2 names, chosen by the resource's suffix (services.xml, services.json).</summary>
public enum Open311Format { Xml, Json }
