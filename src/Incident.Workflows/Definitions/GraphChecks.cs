using Incident.Workflows.Activities;

namespace Incident.Workflows.Definitions;

/// Whole-flowchart checks: every activity reachable from start, and no cycle that can spin without waiting.
internal static class GraphChecks
{
    public static void Run(
        WorkflowDefinition definition,
        IReadOnlyDictionary<string, Activity> compiled,
        IReadOnlyDictionary<(string Source, string Outcome), string[]> routes,
        List<DefinitionProblem> problems)
    {
        var edges = definition.Activities.ToDictionary(a => a.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var ((source, _), targets) in routes)
        {
            edges[source].AddRange(targets.Where(edges.ContainsKey));
        }

        if (edges.ContainsKey(definition.Start))
        {
            var reached = new HashSet<string>(StringComparer.Ordinal) { definition.Start };
            var queue = new Queue<string>([definition.Start]);
            while (queue.TryDequeue(out var id))
            {
                foreach (var next in edges[id].Where(reached.Add))
                {
                    queue.Enqueue(next);
                }
            }

            for (var i = 0; i < definition.Activities.Count; i++)
            {
                var id = definition.Activities[i].Id;
                if (!reached.Contains(id))
                {
                    problems.Add(new(id, $"activities[{i}]", $"activity '{id}' is unreachable from start '{definition.Start}'"));
                }
            }
        }

        foreach (var component in StronglyConnected(definition.Activities.Select(a => a.Id).ToList(), edges))
        {
            var isCycle = component.Count > 1 || edges[component[0]].Contains(component[0]);
            if (isCycle && !component.Any(id => compiled.TryGetValue(id, out var a) && a.Waits))
            {
                var order = definition.Activities.Select(a => a.Id).ToList();
                var members = component.OrderBy(order.IndexOf).ToList();
                problems.Add(new(members[0], $"activities[{order.IndexOf(members[0])}]",
                    $"cycle with no waiting activity: {string.Join(" -> ", members)} -> {members[0]} would run forever"));
            }
        }
    }

    // Tarjan's algorithm; definitions are small, recursion depth is bounded by the activity count.
    private static List<List<string>> StronglyConnected(List<string> nodes, Dictionary<string, List<string>> edges)
    {
        var index = 0;
        var indices = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var result = new List<List<string>>();

        void Visit(string v)
        {
            indices[v] = low[v] = index++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges[v])
            {
                if (!indices.TryGetValue(w, out var wIndex))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], wIndex);
                }
            }

            if (low[v] == indices[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                result.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !indices.ContainsKey(n)))
        {
            Visit(node);
        }

        return result;
    }
}
