using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Execution.Isolation;

/// <summary>
/// The messages between a supervisor and its worker. Supervisor to worker: <c>init</c> (working directory, notebook
/// path), <c>execute</c> (a cell), <c>cancel</c> (stop the running cell), <c>input</c> (a line for <c>Console.ReadLine</c>),
/// <c>shutdown</c>. Worker to supervisor: <c>hello</c>, <c>running</c> (the cell compiled and starts; its time limit counts from here), <c>event</c> (an
/// <see cref="ExecutionEvent"/>), <c>done</c> (how the
/// cell ended), <c>input_request</c>, <c>exiting</c> (the process is exiting normally, e.g. <c>Environment.Exit</c>).
/// </summary>
/// <remarks>To add a request (completion, inspection): a message name here, a case in <see cref="WorkerHost"/>'s loop that
/// answers with a reply carrying the request's <c>id</c>, and a method on the session that awaits that reply.</remarks>
internal static class WorkerProtocol
{
    /// <summary>The argument that makes NotebookKit.Notebooks.dll run as a worker: <c>--nbkit-worker PIPE</c>.</summary>
    public const string WorkerFlag = "--nbkit-worker";

    public const string Hello = "hello";
    public const string Init = "init";
    public const string Execute = "execute";
    public const string Cancel = "cancel";
    public const string Input = "input";
    public const string Shutdown = "shutdown";
    public const string Event = "event";
    public const string Running = "running";
    public const string Done = "done";
    public const string InputRequest = "input_request";
    public const string Exiting = "exiting";

    public static JsonObject Message(string type) => new() { ["type"] = type };

    public static string TypeOf(JsonObject message) => message["type"]?.GetValue<string>() ?? "";

    public static JsonObject ToJson(ExecutionRequest request) => new()
    {
        ["type"] = Execute,
        ["code"] = request.Code,
        ["count"] = request.ExecutionCount,
        ["kernel"] = request.Kernel,
    };

    public static ExecutionRequest RequestFrom(JsonObject message) => new(message["code"]?.GetValue<string>() ?? "")
    {
        ExecutionCount = message["count"]?.GetValue<int>() ?? 1,
        Kernel = message["kernel"]?.GetValue<string>() ?? "csharp",
    };

    public static JsonObject ToJson(ExecutionEvent executionEvent)
    {
        var e = executionEvent switch
        {
            StreamEvent s => new JsonObject { ["kind"] = "stream", ["name"] = s.Name, ["text"] = s.Text },
            DisplayEvent d => new JsonObject { ["kind"] = "display", ["data"] = Bundle(d.Data), ["metadata"] = d.Metadata.DeepClone(), ["id"] = d.DisplayId },
            DisplayUpdateEvent u => new JsonObject { ["kind"] = "update", ["data"] = Bundle(u.Data), ["metadata"] = u.Metadata.DeepClone(), ["id"] = u.DisplayId },
            ExecuteResultEvent r => new JsonObject { ["kind"] = "result", ["data"] = Bundle(r.Data), ["metadata"] = r.Metadata.DeepClone(), ["count"] = r.ExecutionCount },
            ErrorEvent x => new JsonObject { ["kind"] = "error", ["name"] = x.Name, ["value"] = x.Value, ["traceback"] = new JsonArray([.. x.Traceback.Select(t => (JsonNode?)t)]) },
            _ => throw new ArgumentException($"No wire form for {executionEvent.GetType().Name}.", nameof(executionEvent)),
        };
        return new JsonObject { ["type"] = Event, ["event"] = e };
    }

    public static ExecutionEvent? EventFrom(JsonObject message)
    {
        if (message["event"] is not JsonObject e)
        {
            return null;
        }

        return e["kind"]?.GetValue<string>() switch
        {
            "stream" => new StreamEvent(Text(e["name"]) ?? "stdout", Text(e["text"]) ?? ""),
            "display" => new DisplayEvent(Bundle(e["data"]), Metadata(e["metadata"]), Text(e["id"])),
            "update" => new DisplayUpdateEvent(Bundle(e["data"]), Metadata(e["metadata"]), Text(e["id"]) ?? ""),
            "result" => new ExecuteResultEvent(Bundle(e["data"]), Metadata(e["metadata"]), e["count"]?.GetValue<int>() ?? 0),
            "error" => new ErrorEvent(Text(e["name"]) ?? "Error", Text(e["value"]) ?? "",
                e["traceback"] is JsonArray lines ? [.. lines.Select(l => Text(l) ?? "")] : []),
            _ => null,
        };
    }

    public static JsonObject ToJson(CellResult result) => new()
    {
        ["type"] = Done,
        ["status"] = result.Status.ToString(),
        ["summary"] = result.Summary,
        ["name"] = result.ErrorName,
    };

    public static CellResult ResultFrom(JsonObject message) => new(
        Enum.TryParse(Text(message["status"]), out CellStatus status) ? status : CellStatus.Failed,
        Text(message["summary"]),
        Text(message["name"]));

    /// <summary>Mime bundle: text values as JSON strings, JSON mime values as JSON (objects stay objects).</summary>
    private static JsonObject Bundle(IReadOnlyDictionary<string, object> data) =>
        new(data.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value is JsonNode node ? node.DeepClone() : JsonValue.Create(p.Value as string ?? p.Value.ToString()))));

    private static Dictionary<string, object> Bundle(JsonNode? node)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        if (node is JsonObject bundle)
        {
            foreach (var (mime, value) in bundle)
            {
                data[mime] = value is JsonValue v && v.TryGetValue(out string? text) ? text : (object?)value?.DeepClone() ?? "";
            }
        }

        return data;
    }

    private static JsonObject Metadata(JsonNode? node) => node is JsonObject o ? (JsonObject)o.DeepClone() : [];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
