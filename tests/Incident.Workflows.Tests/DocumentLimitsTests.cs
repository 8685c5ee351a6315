using Incident.Workflows.Definitions;

namespace Incident.Workflows.Tests;

/// <summary>Issue 11: the token passes refuse documents over the limits before any tree is built, and nothing less.</summary>
public sealed class DocumentLimitsTests
{
    private const string Activities = "start: a\nactivities:\n  - { id: a, type: Finish }\n";

    private static string Nested(int depth) => new string('[', depth - 1) + new string(']', depth - 1);

    [Theory]
    [InlineData(DefinitionFormat.Yaml)]
    [InlineData(DefinitionFormat.Json)]
    public void Nesting_up_to_the_limit_reads_and_one_level_more_is_refused_naming_the_limit(DefinitionFormat format)
    {
        // The variables mapping/object is level 1 below the root (level 1): x at depth 3 and its arrays below.
        string Document(int depth) => format == DefinitionFormat.Yaml
            ? $"id: deep\nvariables: {{ x: {Nested(depth - 1)} }}\n{Activities}"
            : $$"""{"id":"deep","variables":{"x":{{Nested(depth - 1)}}},"start":"a","activities":[{"id":"a","type":"Finish"}]}""";

        var limits = new DocumentLimits(MaxDepth: 10);
        WorkflowDefinitionParser.Parse(Document(10), format, limits).Rejection.ShouldBeNull();

        var refused = WorkflowDefinitionParser.Parse(Document(11), format, limits);
        refused.Rejection.ShouldNotBeNull();
        refused.Rejection.Limit.ShouldBe(nameof(DocumentLimits.MaxDepth));
        refused.Problems.ShouldHaveSingleItem().Message.ShouldContain("nesting deeper than 10 levels");
    }

    [Fact]
    public void Aliases_within_the_limits_expand_as_before()
    {
        var yaml = "id: aliases\nvariables: { base: &base { level: 1, tags: [a, b] }, copy: *base }\n" + Activities;

        var result = WorkflowDefinitionParser.Parse(yaml, DefinitionFormat.Yaml);

        result.Problems.ShouldBeEmpty();
        result.Definition!.Variables["copy"]!["tags"]![1]!.GetValue<string>().ShouldBe("b");
    }

    [Fact]
    public void An_alias_expansion_counts_against_the_node_and_depth_limits()
    {
        var wide = "id: wide\nvariables:\n  a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n  b: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + Activities;
        var nodes = WorkflowDefinitionParser.Parse(wide, DefinitionFormat.Yaml, new DocumentLimits(MaxNodes: 100));
        nodes.Rejection!.Limit.ShouldBe(nameof(DocumentLimits.MaxNodes));

        var deep = "id: deep\nvariables:\n  a: &a [[[[1]]]]\n  b: [[[[*a]]]]\n" + Activities;
        var depth = WorkflowDefinitionParser.Parse(deep, DefinitionFormat.Yaml, new DocumentLimits(MaxDepth: 8));
        depth.Rejection!.Limit.ShouldBe(nameof(DocumentLimits.MaxDepth));
    }

    [Fact]
    public void A_recursive_alias_is_refused_instead_of_recursing()
    {
        var result = WorkflowDefinitionParser.Parse("id: loop\nvariables: &v { again: [*v] }\n" + Activities, DefinitionFormat.Yaml);

        result.Rejection.ShouldNotBeNull();
        result.Problems.ShouldHaveSingleItem().Message.ShouldContain("recursive alias");
    }

    [Theory]
    [InlineData(DefinitionFormat.Yaml, "id: dup\nvariables:\n  list:\n    - { x: 1, x: 2 }\n" + Activities, "$.variables.list[0].x")]
    [InlineData(DefinitionFormat.Json, """{"id":"dup","variables":{"list":[{"x":1,"x":2}]},"start":"a","activities":[{"id":"a","type":"Finish"}]}""", "$.variables.list[0].x")]
    public void A_key_named_twice_is_a_duplicate_rejection_naming_its_path(DefinitionFormat format, string document, string path)
    {
        var rejection = WorkflowDefinitionParser.Parse(document, format).Rejection;

        rejection.ShouldNotBeNull();
        rejection.Kind.ShouldBe(DocumentRejection.DuplicateKind);
        rejection.Path.ShouldBe(path);
    }

    [Fact]
    public void A_document_over_the_size_limit_is_refused_before_it_is_read()
    {
        var rejection = WorkflowDefinitionParser.Parse("id: big\ndescription: " + new string('x', 20_000) + "\n" + Activities, DefinitionFormat.Yaml,
            new DocumentLimits(MaxChars: 16_384)).Rejection;

        rejection!.Limit.ShouldBe(nameof(DocumentLimits.MaxChars));
    }

    [Fact]
    public void An_unclosed_flow_sequence_before_more_keys_is_a_syntax_problem_not_an_exception()
    {
        var result = WorkflowDefinitionParser.Parse("id: x\nactivities: [ { id: a, type: Finish }\nstart: a\n", DefinitionFormat.Yaml);

        result.Rejection.ShouldBeNull();
        result.Problems.ShouldHaveSingleItem().Message.ShouldContain("YAML syntax error");
    }
}
