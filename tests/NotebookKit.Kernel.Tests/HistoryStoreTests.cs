using System.Text.Json.Nodes;

namespace NotebookKit.Kernel.Tests;

public sealed class HistoryStoreTests
{
    private static HistoryStore Store()
    {
        var store = new HistoryStore();
        store.Add(1, "var a = 1;", null);
        store.Add(2, "a + 1", "2");
        store.Add(3, "var b = 2;", null);
        store.Add(4, "a + 1", "2");
        return store;
    }

    private static JsonArray Query(HistoryStore store, string json) => store.Query((JsonObject)JsonNode.Parse(json)!)["history"]!.AsArray();

    [Fact]
    public void Tail_gives_the_last_n_inputs_with_session_and_line()
    {
        var history = Query(Store(), """{"hist_access_type": "tail", "n": 2, "output": false, "raw": true}""");

        Assert.Equal("""[[1,3,"var b = 2;"],[1,4,"a \u002B 1"]]""", history.ToJsonString());
    }

    [Fact]
    public void Range_selects_lines_from_start_to_before_stop_with_outputs()
    {
        var history = Query(Store(), """{"hist_access_type": "range", "session": 1, "start": 2, "stop": 3, "output": true, "raw": true}""");

        Assert.Equal("""[[1,2,["a \u002B 1","2"]]]""", history.ToJsonString());
    }

    [Fact]
    public void Search_matches_a_glob_and_unique_keeps_one_of_each_input()
    {
        var all = Query(Store(), """{"hist_access_type": "search", "pattern": "a*", "output": false, "raw": true}""");
        var unique = Query(Store(), """{"hist_access_type": "search", "pattern": "a*", "unique": true, "output": false, "raw": true}""");

        Assert.Equal(2, all.Count);
        Assert.Single(unique);
        Assert.Equal(4, (int)unique[0]![1]!);
    }
}
