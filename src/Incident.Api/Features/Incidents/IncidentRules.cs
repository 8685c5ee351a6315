using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Incidents;

/// <summary>Field limits shared by opening and editing (API.md "Incidents").</summary>
public static class IncidentRules
{
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    public static void CheckTags(string[]? tags, ValidationErrors errors)
    {
        if (tags is null)
        {
            return;
        }

        errors.Check(tags.Length <= MaxTags, "tags", $"At most {MaxTags} tags (got {tags.Length}).");
        for (var i = 0; i < tags.Length; i++)
        {
            var tag = tags[i];
            errors.Check(!string.IsNullOrWhiteSpace(tag), $"tags[{i}]", "A tag must not be blank.");
            errors.Check(tag is null || tag.Length <= MaxTagLength, $"tags[{i}]", $"A tag must be at most {MaxTagLength} characters.");
        }
    }
}
