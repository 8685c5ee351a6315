using System.Diagnostics;
using Incident.Workflows.Definitions;
using Incident.Workflows.Persistence;
using Incident.Workflows.Runtime;

namespace Incident.Bench.Workflows;

/// A 10-step sequential workflow (SetVariable / SetStage, no waiting) started and run to completion in memory.
internal static class SequentialRun
{
    private const string Definition = """
        id: ten-steps
        start: s1
        activities:
          - { id: s1, type: SetStage, stage: discovery }
          - { id: s2, type: SetVariable, name: a, value: 1 }
          - { id: s3, type: SetStage, stage: assessment }
          - { id: s4, type: SetVariable, name: b, value: two }
          - { id: s5, type: SetStage, stage: escalation }
          - { id: s6, type: SetVariable, name: c, value: true }
          - { id: s7, type: SetStage, stage: governance }
          - { id: s8, type: SetVariable, name: d, value: 4 }
          - { id: s9, type: SetStage, stage: closure }
          - { id: s10, type: Finish, resolution: done }
        connections:
          - { source: s1, target: s2 }
          - { source: s2, target: s3 }
          - { source: s3, target: s4 }
          - { source: s4, target: s5 }
          - { source: s5, target: s6 }
          - { source: s6, target: s7 }
          - { source: s7, target: s8 }
          - { source: s8, target: s9 }
          - { source: s9, target: s10 }
        """;

    public static async Task<TimeSpan> MeasureAsync(int iterations)
    {
        var engine = new WorkflowEngine(WorkflowDialect.Sqlite, TimeProvider.System);
        var host = new NoOpHost();
        var published = new StoredWorkflowDefinition("ten-steps", 1, "Ten steps", DefinitionStatus.Published, Definition, DefinitionFormat.Yaml, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var request = new StartWorkflow("ten-steps", "bench");

        async Task RunAsync(int n)
        {
            for (var i = 0; i < n; i++)
            {
                var store = new InMemoryWorkflowStore();
                store.AddDefinition(published);
                var result = await engine.StartAsync(store, host, request, default);
                if (result.InstanceStatus != WorkflowInstanceStatus.Finished)
                {
                    throw new InvalidOperationException($"run ended {result.Status} {result.InstanceStatus}");
                }
            }
        }

        await RunAsync(Math.Max(1000, iterations / 5));
        var best = TimeSpan.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            await RunAsync(iterations);
            best = TimeSpan.FromTicks(Math.Min(best.Ticks, watch.Elapsed.Ticks / iterations));
        }

        return best;
    }
}
