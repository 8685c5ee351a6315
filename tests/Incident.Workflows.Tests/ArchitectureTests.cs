using Incident.Workflows.Runtime;

namespace Incident.Workflows.Tests;

public sealed class ArchitectureTests
{
    // STYLE.md principle 3: the engine is a library that knows nothing of incidents, MediatR or ASP.NET Core.
    [Fact]
    public void The_engine_references_no_web_framework_mediator_or_api_assembly()
    {
        var references = typeof(WorkflowEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        references.ShouldNotContain(r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        references.ShouldNotContain(r => r.StartsWith("MediatR", StringComparison.Ordinal));
        references.ShouldNotContain(r => r.StartsWith("Incident.Api", StringComparison.Ordinal));
    }
}
