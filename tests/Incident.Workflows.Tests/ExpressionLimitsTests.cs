using System.Diagnostics;
using Incident.Workflows.Expressions;
using Incident.Workflows.Runtime;
using Incident.Workflows.Tests.Support;

namespace Incident.Workflows.Tests;

/// Issue 11 item 6: definitions are user input, so a script that escapes its limits must fault its own
/// instance with an engine error naming the limit, never hang or end the process (ADR-0020).
public sealed class ExpressionLimitsTests
{
    // A statement budget too large to matter, so the wall-clock limit is the one that fires.
    private static readonly ExpressionLimits TimeBound = new(TimeSpan.FromMilliseconds(300), 1_000_000_000, 64);

    [Fact]
    public async Task An_infinite_loop_is_stopped_by_the_time_limit()
    {
        var clock = Stopwatch.StartNew();

        var fault = await Faulted("while (true) {}", TimeBound);

        fault.ShouldContain("time limit exceeded");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_infinite_loop_is_stopped_by_the_statement_limit()
    {
        (await Faulted("let i = 0; for (;;) { i++; }", new ExpressionLimits(TimeSpan.FromSeconds(30), 10_000, 64)))
            .ShouldContain("statement limit exceeded (10000)");
    }

    [Fact]
    public async Task A_catastrophic_regular_expression_is_stopped_by_the_time_limit()
    {
        var clock = Stopwatch.StartNew();

        var fault = await Faulted("/^(a+)+$/.test('a'.repeat(40) + '!')", TimeBound);

        fault.ShouldContain("time limit exceeded");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("function down(n) { return down(n + 1) + 1; } down(0)")]
    [InlineData("const f = n => f(n + 1) + 1; f(0)")]
    public async Task Deep_recursion_is_refused(string script) =>
        (await Faulted(script)).ShouldContain("recursion limit exceeded (64)");

    [Fact]
    public async Task Recursion_through_a_getter_is_refused_without_overflowing_the_stack() =>
        (await Faulted("const o = { get deep() { return this.deep + 1; } }; o.deep")).ShouldMatch("recursion limit exceeded|Maximum call stack");

    [Theory]
    [InlineData("new Array(1e9).fill(0).length")]
    [InlineData("const a = []; for (let i = 0; i < 1e9; i++) { a.push(i); } a.length")]
    [InlineData("let s = 'x'; while (true) { s = s + s; } s.length")]
    [InlineData("'x'.repeat(1e9).length")]
    [InlineData("'x'.repeat(5e7).length")]
    [InlineData("new Array(99999).join('x'.repeat(999)).length")]
    [InlineData("'x'.repeat(9999).replaceAll('x', 'y'.repeat(9999)).length")]
    [InlineData("[...'x'.repeat(5e5)].length")]
    [InlineData("Array.from({ length: 1e9 }).length")]
    [InlineData("'x'.repeat(999).padStart(5e7).length")]
    [InlineData("new Array(99999).fill('x'.repeat(999)).toString().length")]
    [InlineData("'xy'.padEnd(5e7, 'z').length")]
    [InlineData("JSON.stringify(new Array(99999).fill('x'.repeat(999))).length")]
    [InlineData("'x'.repeat(9999).replace(/x/g, '$&'.repeat(9999)).length")]
    [InlineData("const big = 'y'.repeat(9999); 'x'.repeat(9999).replace(/x/g, () => big).length")]
    [InlineData("/x/g[Symbol.replace]('x'.repeat(9999), 'y'.repeat(9999)).length")]
    [InlineData("const o = {}; for (let i = 0; ; i++) { o['k' + i] = { i }; } 0")]
    public async Task A_huge_allocation_is_refused_by_the_memory_limit(string script)
    {
        var limits = new ExpressionLimits(TimeSpan.FromSeconds(30), 1_000_000_000, 64);

        (await Faulted(script, limits)).ShouldContain("memory limit exceeded");
    }

    [Theory]
    [InlineData("new ArrayBuffer(1e9).byteLength")]
    [InlineData("new Uint8Array(1e9).length")]
    [InlineData("new Float64Array(2e8).length")]
    [InlineData("new ShadowRealm().evaluate('new ArrayBuffer(1e9).byteLength')")]
    public async Task Binary_buffers_that_would_allocate_outside_the_memory_limit_are_not_there(string script) =>
        (await Faulted(script, new ExpressionLimits(TimeSpan.FromSeconds(30), 1_000_000_000, 64))).ShouldContain("is not defined");

    [Fact]
    public async Task Guarded_string_built_ins_still_behave_as_specified()
    {
        var wf = new InMemoryWorkflows();
        var script = "[ 'ab'.repeat(2), 'a-b-c'.replace('-', '+'), 'a-b-c'.replaceAll('-', '$&$&'), 'x1y2'.replace(/[0-9]/g, d => d * 2), " +
                     "'abc'.replace(/(b)/, '[$1]') ].join(' ')";

        var started = await wf.Start(wf.Publish(Flows.Expression("guarded", script)));

        started.Status.ShouldBe(WorkflowRunStatus.Executed, started.Fault?.Message);
        (await wf.Instance(started.InstanceId!.Value)).Variables["x"]!.GetValue<string>().ShouldBe("abab a+b-c a--b--c x2y4 a[b]c");
    }

    [Fact]
    public async Task Modern_javascript_arrow_functions_and_template_literals_work()
    {
        var wf = new InMemoryWorkflows();
        var script = "const doubled = [1, 2, 3].map(n => n * 2); `${incident.key}:${doubled.reduce((a, b) => a + b, 0)}`";

        var started = await wf.Start(wf.Publish(Flows.Expression("modern", script)));

        started.Status.ShouldBe(WorkflowRunStatus.Executed, started.Fault?.Message);
        (await wf.Instance(started.InstanceId!.Value)).Variables["x"]!.GetValue<string>().ShouldBe("INC-1:12");
    }

    [Fact]
    public async Task Modern_javascript_destructuring_classes_and_optional_chaining_work()
    {
        var wf = new InMemoryWorkflows();
        var script = "class Sev { constructor({ severity }) { this.s = severity; } get top() { return this.s === 'S1'; } } " +
                     "new Sev(incident).top && incident?.missing?.deep === undefined";

        var started = await wf.Start(wf.Publish(Flows.Expression("modern-classes", script)));

        started.Status.ShouldBe(WorkflowRunStatus.Executed, started.Fault?.Message);
        (await wf.Instance(started.InstanceId!.Value)).Variables["x"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task The_engine_keeps_working_after_a_script_hits_a_limit()
    {
        var wf = new InMemoryWorkflows(TimeBound);

        var spun = await wf.Start(wf.Publish(Flows.Expression("spin", "while (true) {}")), "spin");
        var fine = await wf.Start(wf.Publish(Flows.Expression("fine", "[1, 2].map(n => n + 1).join(',')")), "fine");

        spun.Status.ShouldBe(WorkflowRunStatus.Faulted);
        fine.Status.ShouldBe(WorkflowRunStatus.Executed, fine.Fault?.Message);
        (await wf.Instance(fine.InstanceId!.Value)).Variables["x"]!.GetValue<string>().ShouldBe("2,3");
    }

    private static async Task<string> Faulted(string script, ExpressionLimits? limits = null)
    {
        var wf = new InMemoryWorkflows(limits);

        var started = await wf.Start(wf.Publish(Flows.Expression("limits", script)));

        started.Status.ShouldBe(WorkflowRunStatus.Faulted, $"the script '{script}' should have hit a limit");
        started.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Faulted);
        started.Fault!.ActivityId.ShouldBe("compute");
        started.Fault.Message.ShouldContain(script);
        return started.Fault.Message;
    }
}
