using System.Text.Json.Nodes;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Workflows.Runtime;

namespace Incident.Api.Features.Workflows;

/// <summary>Open HumanTask bookmarks as API.md's availableActions, and who may take them.</summary>
public static class WorkflowActions
{
    public static bool IsAction(WorkflowBookmark bookmark) => Text(bookmark.Metadata?["kind"]) == "action";

    /// <summary>API.md "Who may do what": as the action's allowedRoles and allowedDepartments say (empty: anyone).</summary>
    public static bool MayTake(Viewer viewer, WorkflowBookmark bookmark)
    {
        var roles = List(bookmark.Metadata?["allowedRoles"]);
        var departments = List(bookmark.Metadata?["allowedDepartments"]);
        return (roles.Count == 0 || roles.Any(viewer.Is)) && (departments.Count == 0 || departments.Contains(viewer.Department));
    }

    public static AvailableAction Available(WorkflowBookmark bookmark)
    {
        var metadata = bookmark.Metadata ?? [];
        var outcomes = List(metadata["outcomes"]);
        return new AvailableAction(
            bookmark.Name,
            Text(metadata["label"]) ?? bookmark.Name,
            bookmark.Id.ToString(),
            List(metadata["allowedRoles"]),
            List(metadata["allowedDepartments"]),
            InputSchema(metadata["inputSchema"] as JsonObject, outcomes),
            outcomes,
            Time(metadata["dueAt"]));
    }

    public static string Status(WorkflowInstanceStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// WORKFLOWS.md: when a task lists outcomes, its input carries "outcome". The published schema
    /// says so, so clients (the web UI's form) ask for it like any other field.
    /// </summary>
    private static JsonObject? InputSchema(JsonObject? schema, List<string> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return (JsonObject?)schema?.DeepClone();
        }

        var result = (JsonObject?)schema?.DeepClone() ?? new JsonObject { ["type"] = "object" };
        if (result["properties"] is not JsonObject properties)
        {
            result["properties"] = properties = [];
        }

        properties["outcome"] = new JsonObject { ["enum"] = new JsonArray([.. outcomes.Select(o => (JsonNode?)o)]) };
        var required = result["required"] as JsonArray ?? [];
        if (!required.Any(r => Text(r) == "outcome"))
        {
            required.Add("outcome");
        }

        result["required"] = required.DeepClone();
        return result;
    }

    private static List<string> List(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(Text).OfType<string>()] : [];

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Time(JsonNode? node) =>
        Text(node) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;
}
