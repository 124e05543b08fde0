using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Specs;

/// <summary>Parses the text of a JSON spec or config, refusing what <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> lets through.</summary>
/// <remarks>
/// A key written twice in one object is an error naming its key path (System.Text.Json would keep one of them or fail
/// later, without saying where). Comments and trailing commas are allowed, as in hand-written configs.
/// </remarks>
public static class SpecJson
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> (a file name) starts every message.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <param name="rejectDuplicateKeys">
    /// Fail on a key written twice anywhere. False leaves it to the <see cref="SpecReader"/> of the object that holds it,
    /// for documents whose parts fail one by one (a batch of trace specs).
    /// </param>
    /// <returns>The document; null when it is the JSON literal <c>null</c>.</returns>
    /// <exception cref="SpecException">Not valid JSON, or a key written twice.</exception>
    public static JsonNode? Parse(string text, string source, bool rejectDuplicateKeys = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        try
        {
            if (rejectDuplicateKeys)
            {
                RejectDuplicateKeys(utf8, "", source);
            }

            return JsonNode.Parse(utf8, documentOptions: Options);
        }
        catch (JsonException e)
        {
            throw new SpecException(source, $"not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>Reads and parses a file; messages name the file.</summary>
    /// <exception cref="SpecException">The file is not valid JSON, or has a key written twice.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static JsonNode? Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Fails on the first key written twice in one object of <paramref name="json"/>, naming its path under <paramref name="rootPath"/>.</summary>
    internal static void RejectDuplicateKeys(string json, string rootPath, string source) => RejectDuplicateKeys(Encoding.UTF8.GetBytes(json), rootPath, source);

    /// <summary>Walks the tokens once, keeping the keys seen in each open object and the path to it.</summary>
    private static void RejectDuplicateKeys(byte[] utf8, string rootPath, string source)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new Stack<Frame>();
        string? pendingKey = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    string path = frames.Count == 0 ? rootPath : frames.Peek().ChildPath(pendingKey);
                    frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartObject));
                    pendingKey = null;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    if (frames.Count > 0)
                    {
                        frames.Peek().Index++;
                    }

                    break;
                case JsonTokenType.PropertyName:
                    string key = reader.GetString()!;
                    Frame frame = frames.Peek();
                    if (!frame.Keys!.Add(key))
                    {
                        string where = frame.ChildPath(key);
                        throw new SpecException(where, $"the key \"{key}\" appears twice{(source.Length == 0 ? "" : $" in {source}")}; write it once");
                    }

                    pendingKey = key;
                    break;
                default:
                    pendingKey = null;
                    if (frames.Count > 0)
                    {
                        frames.Peek().Index++;
                    }

                    break;
            }
        }
    }

    private sealed class Frame(string path, bool isObject)
    {
        public HashSet<string>? Keys { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        public int Index { get; set; }

        public string ChildPath(string? key) => Keys is null ? $"{path}[{Index}]" : SpecPath.Key(path, key!);
    }
}
