using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Specs;

namespace NotebookKit.Cli;

/// <summary>JSON in and out for the commands that read a spec file or print a JSON result.</summary>
internal static class CliJson
{
    /// <summary>Plain quotes and backticks in messages (the default encoder escapes them as \u0022, \u0060).</summary>
    public static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads and parses a JSON file named on the command line (comments and trailing commas allowed).</summary>
    /// <param name="file">The file.</param>
    /// <param name="rejectDuplicateKeys">Fail on a key written twice anywhere (see <see cref="SpecJson.Parse"/>).</param>
    /// <returns>The parsed document; null when the file holds the JSON literal <c>null</c>.</returns>
    /// <exception cref="IOException">The file is missing or unreadable; the message names the file.</exception>
    /// <exception cref="SpecException">The file is not valid JSON or writes a key twice; the message names the file or the key path.</exception>
    public static JsonNode? ReadFile(FileInfo file, bool rejectDuplicateKeys = true)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            throw new IOException($"{file.FullName}: file not found.");
        }

        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read {file.FullName}: {e.Message}", e);
        }

        return SpecJson.Parse(text, file.FullName, rejectDuplicateKeys);
    }
}
