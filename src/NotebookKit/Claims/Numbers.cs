using System.Globalization;

namespace NotebookKit.Claims;

/// <summary>
/// Formats numbers the way a reader expects them in a lesson: a few significant digits, plain decimals where they are
/// readable (<c>0.00123</c>, <c>42.5</c>, <c>31,280</c>) and a short exponent where they are not (<c>1.5e-5</c>), never
/// .NET's <c>1.50E-005</c>; accuracies in percent.
/// </summary>
/// <remarks>All output uses the invariant culture, so a run prints the same text on every machine.</remarks>
public static class Numbers
{
    /// <summary>The smallest magnitude printed without an exponent.</summary>
    private const double SmallestPlain = 1e-4;

    /// <summary>The magnitude from which numbers get an exponent again.</summary>
    private const double LargestPlain = 1e9;

    /// <summary>
    /// <paramref name="value"/> to <paramref name="significantDigits"/> significant digits, like Python's
    /// <c>f"{x:.3g}"</c> but with plain decimals from 1e-4 up to 1e9 and a short exponent outside (<c>1.5e-5</c>,
    /// <c>2e+12</c>). Trailing zeros are dropped (<c>0.05</c>, not <c>0.0500</c>); whole numbers of five digits or more
    /// keep every digit and get thousands separators (<c>31,280</c>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="significantDigits"/> is not between 1 and 15.</exception>
    public static string Format(double value, int significantDigits = 3)
    {
        CheckDigits(significantDigits);
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "-∞";
        }

        if (value == 0)
        {
            return "0";
        }

        double magnitude = Math.Abs(value);
        if (magnitude < SmallestPlain || magnitude >= LargestPlain)
        {
            return Scientific(value, significantDigits);
        }

        int exponent = (int)Math.Floor(Math.Log10(magnitude));
        if (exponent + 1 >= significantDigits)
        {
            // As many integer digits as the precision asks for, or more: keep them all, never 3.13e+04 for 31,280.
            double whole = Math.Round(value, MidpointRounding.AwayFromZero);
            return Math.Abs(whole) >= 10_000
                ? whole.ToString("#,0", CultureInfo.InvariantCulture)
                : whole.ToString("0", CultureInfo.InvariantCulture);
        }

        int decimals = Math.Clamp(significantDigits - 1 - exponent, 0, 15);
        string text = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);
        return TrimZeros(text);
    }

    /// <summary>A fraction as a percentage with <paramref name="decimals"/> decimals: 0.8234 gives <c>82.3%</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="decimals"/> is not between 0 and 6.</exception>
    public static string Percent(double fraction, int decimals = 1)
    {
        CheckDecimals(decimals);
        return double.IsFinite(fraction)
            ? (fraction * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%"
            : Format(fraction);
    }

    /// <summary>
    /// A difference between two fractions in percentage points, always signed: 0.021 gives <c>+2.1 points</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="decimals"/> is not between 0 and 6.</exception>
    public static string Points(double fractionDifference, int decimals = 1)
    {
        CheckDecimals(decimals);
        return Signed((fractionDifference * 100).ToString("F" + decimals, CultureInfo.InvariantCulture), fractionDifference) + " points";
    }

    /// <summary>
    /// A value with its standard error, both to the precision the error supports (two significant digits of the
    /// error): <c>0.412 ± 0.013</c>, or <c>82.3% ± 0.41</c> for <see cref="Unit.Percent"/> (the error in points).
    /// </summary>
    public static string WithError(double value, double standardError, Unit unit = Unit.Plain)
    {
        double scale = unit == Unit.Percent ? 100 : 1;
        string suffix = unit == Unit.Percent ? "%" : "";
        if (!double.IsFinite(value) || !double.IsFinite(standardError) || standardError < 0)
        {
            return $"{In(value, unit)} ± {Format(standardError * scale)}";
        }

        if (standardError == 0)
        {
            return $"{In(value, unit)} ± 0";
        }

        int decimals = DecimalsFor(standardError * scale, value * scale);
        string v = (value * scale).ToString("F" + decimals, CultureInfo.InvariantCulture);
        string e = (standardError * scale).ToString("F" + decimals, CultureInfo.InvariantCulture);
        return $"{v}{suffix} ± {e}";
    }

    /// <summary>A signed difference to the precision its standard error supports, in the unit's words: <c>+2.1 ± 0.52 points</c>.</summary>
    public static string DifferenceWithError(double difference, double standardError, Unit unit = Unit.Plain)
    {
        double scale = unit == Unit.Percent ? 100 : 1;
        string suffix = unit == Unit.Percent ? " points" : "";
        if (!double.IsFinite(difference) || !double.IsFinite(standardError) || standardError <= 0)
        {
            // No spread to set the precision (a single run, or identical runs): significant digits instead.
            string d = Signed(Format(difference * scale), difference);
            return standardError == 0 ? $"{d} ± 0{suffix}" : $"{d}{suffix}";
        }

        int decimals = DecimalsFor(standardError * scale, difference * scale);
        string v = Signed((difference * scale).ToString("F" + decimals, CultureInfo.InvariantCulture), difference);
        string e = (standardError * scale).ToString("F" + decimals, CultureInfo.InvariantCulture);
        return $"{v} ± {e}{suffix}";
    }

    /// <summary>A value in its unit: <see cref="Percent"/> for <see cref="Unit.Percent"/>, else <see cref="Format"/>.</summary>
    public static string In(double value, Unit unit) => unit == Unit.Percent ? Percent(value) : Format(value);

    /// <summary>Decimals that keep two significant digits of <paramref name="error"/>, at most 12 and never beyond 6 significant digits of the value.</summary>
    private static int DecimalsFor(double error, double value)
    {
        int errorExponent = (int)Math.Floor(Math.Log10(error));
        int decimals = Math.Max(0, 1 - errorExponent);
        if (value != 0 && double.IsFinite(value))
        {
            int valueExponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
            decimals = Math.Min(decimals, Math.Max(0, 5 - valueExponent));
        }

        return Math.Min(decimals, 12);
    }

    private static string Scientific(double value, int significantDigits)
    {
        string text = value.ToString("E" + (significantDigits - 1), CultureInfo.InvariantCulture);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        string mantissa = TrimZeros(text[..e]);
        int exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent)}";
    }

    private static string TrimZeros(string text) =>
        text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;

    private static string Signed(string text, double value) =>
        value > 0 || (value == 0 && !text.StartsWith('-')) ? "+" + text : text;

    private static void CheckDigits(int significantDigits)
    {
        if (significantDigits is < 1 or > 15)
        {
            throw new ArgumentException($"Significant digits must be between 1 and 15, got {significantDigits}.");
        }
    }

    private static void CheckDecimals(int decimals)
    {
        if (decimals is < 0 or > 6)
        {
            throw new ArgumentException($"Decimals must be between 0 and 6, got {decimals}.");
        }
    }
}
