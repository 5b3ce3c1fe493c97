using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Yunbao.Functions.Http.Open311;

/// <summary>
/// Writes Open311 answers: JSON arrays/objects with the spec's snake_case names, or UTF-8 XML with the declaration and
/// the spec's element names (&lt;services&gt;&lt;service&gt;, &lt;service_requests&gt;&lt;request&gt;, &lt;errors&gt;&lt;error&gt;, &lt;service_definition&gt;).
/// Times are ISO 8601 with an offset (the w3 note's subset), UTC here.
/// </summary>
public static class Open311Writer
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string XmlContentType = "text/xml; charset=utf-8";

    public static string ContentType(Open311Format format) => format == Open311Format.Json ? JsonContentType : XmlContentType;

    /// <summary>A list answer: a JSON array, or &lt;root&gt;&lt;item&gt;…&lt;/item&gt;&lt;/root&gt;.</summary>
    public static byte[] List(Open311Format format, string root, string item, IEnumerable<Open311Fields> items) =>
        format == Open311Format.Json
            ? Json(w => WriteArray(w, items))
            : Xml(w =>
            {
                w.WriteStartElement(root);
                foreach (var fields in items) WriteElement(w, item, fields);
                w.WriteEndElement();
            });

    /// <summary>A single-object answer (the service definition): a JSON object, or &lt;root&gt;…&lt;/root&gt;.</summary>
    public static byte[] Object(Open311Format format, string root, Open311Fields fields) =>
        format == Open311Format.Json ? Json(w => WriteObject(w, fields)) : Xml(w => WriteElement(w, root, fields));

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(w);
        return buffer.ToArray();
    }

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            w.WriteStartDocument();
            write(w);
            w.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static void WriteArray(Utf8JsonWriter w, IEnumerable<Open311Fields> items)
    {
        w.WriteStartArray();
        foreach (var fields in items) WriteObject(w, fields);
        w.WriteEndArray();
    }

    private static void WriteObject(Utf8JsonWriter w, Open311Fields fields)
    {
        w.WriteStartObject();
        foreach (var (name, value) in fields)
        {
            w.WritePropertyName(name);
            switch (value)
            {
                case null: w.WriteNullValue(); break;
                case string s: w.WriteStringValue(s); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case double d: w.WriteNumberValue(d); break;
                case DateTimeOffset t: w.WriteStringValue(Time(t)); break;
                case Open311List list: WriteArray(w, list.Items); break;
                default: throw new ArgumentException($"Open311 field {name} has an unsupported value type {value.GetType().Name}.", nameof(fields));
            }
        }
        w.WriteEndObject();
    }

    private static void WriteElement(XmlWriter w, string name, Open311Fields fields)
    {
        w.WriteStartElement(name);
        foreach (var (field, value) in fields)
        {
            w.WriteStartElement(field);
            switch (value)
            {
                case null: break;
                case Open311List list:
                    foreach (var item in list.Items) WriteElement(w, list.ItemName, item);
                    break;
                default: w.WriteString(XmlSafe(Text(value))); break;
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// <summary>
    /// Text a caller sent (an echoed id, a description) may hold characters XML 1.0 cannot carry (control characters,
    /// lone surrogates): the writer would throw mid-answer, so they become U+FFFD.
    /// </summary>
    private static string XmlSafe(string s)
    {
        if (s.All(XmlConvert.IsXmlChar)) return s;
        var clean = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], s[i])) { clean.Append(s, i, 2); i++; }
            else clean.Append(XmlConvert.IsXmlChar(s[i]) ? s[i] : '\uFFFD');
        }
        return clean.ToString();
    }

    private static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset t => Time(t),
        _ => throw new ArgumentException($"Unsupported Open311 value type {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>ISO 8601 in UTC with the Z designator, to the second (what Open311 clients parse).</summary>
    public static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
