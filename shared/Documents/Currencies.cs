using System.Collections.Frozen;

namespace CreditFunctions.Documents;

/// <summary>
/// Active ISO 4217 currency codes with their minor-unit precision (ISO 4217 list one, as amended through 2025:
/// ZWG replaces ZWL, XCG replaces ANG, HRK and SLL withdrawn). Codes without a minor unit (precious metals,
/// XDR, test codes) are not money a credit note can be in, so they are absent.
/// </summary>
public static class Currencies
{
    private static readonly FrozenDictionary<string, int> Precisions = Build();

    /// <summary>Decimal places of <paramref name="code"/>, or null when it is not an active ISO 4217 code (case-sensitive, upper case).</summary>
    public static int? Precision(string code) => Precisions.TryGetValue(code, out var places) ? places : null;

    /// <summary>All known codes, for documentation (the OpenAPI enum) and tests.</summary>
    public static IEnumerable<string> Codes => Precisions.Keys.Order(StringComparer.Ordinal);

    private static FrozenDictionary<string, int> Build()
    {
        const string NoMinorUnit = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
        const string ThreePlaces = "BHD IQD JOD KWD LYD OMR TND";
        const string FourPlaces = "CLF UYW";
        const string TwoPlaces =
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
            "CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS " +
            "GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL " +
            "MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK " +
            "PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS " +
            "TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";

        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        Add(map, NoMinorUnit, 0);
        Add(map, TwoPlaces, 2);
        Add(map, ThreePlaces, 3);
        Add(map, FourPlaces, 4);
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, int> map, string codes, int places)
    {
        foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            map.Add(code, places);
        }
    }
}
