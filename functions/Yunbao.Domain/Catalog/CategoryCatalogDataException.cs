using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Yunbao.Domain.Catalog;

/// <summary>Thrown when categories.json is malformed; the message names the category and the field.</summary>
public sealed class CategoryCatalogDataException(string message) : Exception(message);
