using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Incidents;

/// <summary>The same paging on every list (API.md): page from 1, pageSize 1-200, default 50.</summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static void Check(int? page, int? pageSize, ValidationErrors errors)
    {
        errors.Check(page is null or >= 1, "page", "'page' starts at 1.");
        errors.Check(pageSize is null or >= 1 and <= MaxPageSize, "pageSize", $"'pageSize' must be between 1 and {MaxPageSize}.");
    }

    public static (int Page, int PageSize) Resolve(int? page, int? pageSize) => (page ?? 1, pageSize ?? DefaultPageSize);

    /// <summary>The user's text is matched literally: % and _ are not wildcards ('!' is the escape, see ListIncidents).</summary>
    public static string EscapeLike(string text) => text.Replace("!", "!!").Replace("%", "!%").Replace("_", "!_");
}
