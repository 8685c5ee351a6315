using Incident.Api.Features.Timeline;
using Incident.Api.Infrastructure.Auth;

namespace Incident.Api.Features.Live;

/// <summary>
/// ADR-0009: every connection is in exactly one delivery group — <c>all</c> for viewers who see
/// every incident, <c>dept:&lt;d&gt;</c> for partners — so one <c>Groups(...)</c> send reaches it once.
/// </summary>
public static class LiveGroups
{
    public const string All = "all";

    /// <summary>Leaders and admins; reserved for board-wide notices, never an event target (they are in <c>all</c>).</summary>
    public const string Board = "board";

    public static string Department(string department) => $"dept:{department}";

    public static IReadOnlyList<string> Of(Viewer viewer)
    {
        if (viewer.SeesAllIncidents)
        {
            return viewer.IsLeaderOrAdmin ? [All, Board] : [All];
        }

        return string.IsNullOrEmpty(viewer.Department) ? [] : [Department(viewer.Department)];
    }

    /// <summary>The groups an event goes to: <c>all</c> and each department involved when it was written.</summary>
    public static IReadOnlyList<string> For(TimelineEvent e)
    {
        var groups = new List<string>(e.Departments.Count + 1) { All };
        groups.AddRange(e.Departments.Distinct(StringComparer.Ordinal).Select(Department));
        return groups;
    }

    /// <summary>Whether the viewer's delivery group already receives the event.</summary>
    public static bool Covers(Viewer viewer, TimelineEvent e) =>
        viewer.SeesAllIncidents || e.Departments.Contains(viewer.Department, StringComparer.Ordinal);
}
