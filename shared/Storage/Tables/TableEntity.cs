using System.Collections;
using System.Globalization;
using Azure;

namespace CreditFunctions.Storage.Tables;

/// <summary>
/// One table row: keys, ETag, Timestamp and a typed property bag. Stands in for Azure.Data.Tables.TableEntity.
/// Supported value types and their EDM types: string (Edm.String), bool (Edm.Boolean), int (Edm.Int32),
/// long (Edm.Int64, sent as a string with its annotation), double (Edm.Double), DateTimeOffset/DateTime (Edm.DateTime, UTC),
/// Guid (Edm.Guid), byte[]/BinaryData (Edm.Binary). <b>decimal is stored as Edm.String</b> in invariant culture
/// (the service has no decimal type) and comes back as a string: read it with <see cref="GetDecimal"/>.
/// </summary>
public sealed class TableEntity : IEnumerable<KeyValuePair<string, object>>
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; set; }

    public string RowKey { get; set; }

    /// <summary>The ETag the service returned for this row; default when the entity was built locally.</summary>
    public ETag ETag { get; set; }

    /// <summary>The service's last-modified time; null when the entity was built locally.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Number of user properties (keys and Timestamp excluded).</summary>
    public int Count => _properties.Count;

    public IEnumerable<string> Keys => _properties.Keys;

    /// <summary>Gets or sets a property. Setting null removes it. Unsupported types are refused at once.</summary>
    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                throw new ArgumentException($"'{name}' is a system property; use the {name} member.", nameof(name));
            }

            if (value is null)
            {
                _properties.Remove(name);
                return;
            }

            _properties[name] = Normalize(name, value);
        }
    }

    public bool ContainsKey(string name) => _properties.ContainsKey(name);

    public bool Remove(string name) => _properties.Remove(name);

    public string? GetString(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        string s => s,
        var other => throw WrongType(name, other, "string"),
    };

    public bool? GetBoolean(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        bool b => b,
        var other => throw WrongType(name, other, "bool"),
    };

    public int? GetInt32(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        var other => throw WrongType(name, other, "int"),
    };

    public long? GetInt64(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw WrongType(name, other, "long"),
    };

    public double? GetDouble(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        double d => d,
        int i => i,
        long l => l,
        var other => throw WrongType(name, other, "double"),
    };

    /// <summary>Decimals are stored as invariant strings (see the type's remarks); this parses them back exactly.</summary>
    public decimal? GetDecimal(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        string s => decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
        int i => i,
        long l => l,
        var other => throw WrongType(name, other, "decimal"),
    };

    public DateTimeOffset? GetDateTimeOffset(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        DateTimeOffset d => d,
        var other => throw WrongType(name, other, "DateTimeOffset"),
    };

    public Guid? GetGuid(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        Guid g => g,
        string s when Guid.TryParse(s, out var g) => g,
        var other => throw WrongType(name, other, "Guid"),
    };

    public byte[]? GetBinary(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        byte[] b => b,
        var other => throw WrongType(name, other, "byte[]"),
    };

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Puts a value read from the wire, already typed, bypassing the setter's checks.</summary>
    internal void SetFromWire(string name, object value) => _properties[name] = value;

    private static object Normalize(string name, object value) => value switch
    {
        string or bool or int or long or double or Guid or byte[] => value,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToUniversalTime(),
        DateTime d => new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime()),
        BinaryData b => b.ToArray(),
        float f => (double)f,
        short s => (int)s,
        byte b => (int)b,
        Enum e => e.ToString(),
        _ => throw new ArgumentException(
            $"Property '{name}' has type {value.GetType().Name}, which Table storage cannot hold; use string, bool, int, long, double, decimal, DateTimeOffset, Guid or byte[].",
            nameof(value)),
    };

    private static InvalidCastException WrongType(string name, object value, string wanted) =>
        new($"Property '{name}' holds {value.GetType().Name}, not {wanted}.");
}
