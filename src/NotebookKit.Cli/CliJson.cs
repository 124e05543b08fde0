using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Cli;

/// <summary>JSON in and out for the commands that read a spec file or print a JSON result.</summary>
internal static class CliJson
{
    /// <summary>Plain quotes and backticks in messages (the default encoder escapes them as \u0022, \u0060).</summary>
    public static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads and parses a JSON file named on the command line.</summary>
    /// <returns>The parsed document; null when the file holds the JSON literal <c>null</c>.</returns>
    /// <exception cref="IOException">The file is missing or unreadable, or is not valid JSON; the message names the file.</exception>
    public static JsonNode? ReadFile(FileInfo file)
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

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new IOException($"{file.FullName} is not valid JSON: {e.Message}", e);
        }
    }
}
