using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Governance.Rules;

/// <summary>
/// A governance rule (or strategy) with its versions. At most one version is live, one in shadow and
/// one paused; editing a version that has run makes a new draft version while the live one keeps
/// enforcing until the new one launches (docs/governance.md "Rules and versions").
/// </summary>
public sealed class GovernanceRule
{
    private readonly List<RuleVersion> versions = [];
    private readonly SortedSet<Guid> incidentIds = [];
    private readonly List<RuleChange> changes = [];

    public Guid Id { get; init; }

    public string Key { get; init; } = "";

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int RowVersion { get; private set; } = 1;

    public IReadOnlyList<RuleVersion> Versions => versions;

    public RuleVersion Latest => versions[^1];

    public RuleVersion? LiveVersion => versions.Find(v => v.Status == RuleStatuses.Live);

    public RuleVersion? ShadowVersion => versions.Find(v => v.Status == RuleStatuses.Shadow);

    public IReadOnlyCollection<Guid> IncidentIds => incidentIds;

    /// <summary>The linked incidents as stored (the store adds and removes the difference).</summary>
    public IReadOnlyCollection<Guid> StoredIncidentIds { get; private set; } = [];

    /// <summary>Versions written or changed since load; the store upserts them.</summary>
    public HashSet<int> ChangedVersions { get; } = [];

    /// <summary>Lifecycle facts since load, for the timelines of the linked incidents.</summary>
    public IReadOnlyList<RuleChange> Changes => changes;

    public static GovernanceRule Draft(Guid id, string key, RuleContent content, IEnumerable<Guid> incidents, string actor, DateTimeOffset now)
    {
        var rule = new GovernanceRule { Id = id, Key = key, CreatedBy = actor, CreatedAt = now, UpdatedAt = now };
        rule.versions.Add(new RuleVersion { Version = 1, Content = content, CreatedBy = actor, CreatedAt = now, UpdatedAt = now });
        rule.incidentIds.UnionWith(incidents);
        rule.ChangedVersions.Add(1);
        rule.changes.Add(new RuleChange("draft", null, RuleStatuses.Draft, 1, "draft", null));
        return rule;
    }

    public static GovernanceRule Load(GovernanceRule identity, IEnumerable<RuleVersion> stored, IEnumerable<Guid> incidents, int rowVersion)
    {
        identity.versions.AddRange(stored.OrderBy(v => v.Version));
        identity.incidentIds.UnionWith(incidents);
        identity.StoredIncidentIds = [.. identity.incidentIds];
        identity.RowVersion = rowVersion;
        identity.UpdatedAt = identity.versions.Max(v => v.UpdatedAt);
        return identity;
    }

    /// <summary>Edits the pending draft, or starts a new draft version when the latest one has run or been approved.</summary>
    public void Edit(RuleContent content, IReadOnlyCollection<Guid> incidents, string actor, DateTimeOffset now)
    {
        var latest = Latest;
        switch (latest.Status)
        {
            case RuleStatuses.Retired when LiveVersion is null && ShadowVersion is null:
                throw Conflict("rule-retired", $"Rule {Key} is retired: it cannot be edited.");
            case RuleStatuses.Draft or RuleStatuses.InReview:
                var from = latest.Status;
                latest.Content = content;
                latest.Status = RuleStatuses.Draft;
                latest.UpdatedAt = now;
                ChangedVersions.Add(latest.Version);
                changes.Add(new RuleChange("edit", from, RuleStatuses.Draft, latest.Version, "edit", null));
                break;
            default:
                var next = new RuleVersion { Version = latest.Version + 1, Content = content, CreatedBy = actor, CreatedAt = now, UpdatedAt = now };
                versions.Add(next);
                ChangedVersions.Add(next.Version);
                changes.Add(new RuleChange("edit", null, RuleStatuses.Draft, next.Version, "new-version", null));
                break;
        }

        incidentIds.Clear();
        incidentIds.UnionWith(incidents);
        UpdatedAt = now;
    }

    /// <summary>The transitions this viewer could take now (the UI shows only these buttons).</summary>
    public IReadOnlyList<string> AllowedTransitions(Viewer viewer) =>
        [.. RuleTransitions.All.Where(t => MayTake(t, viewer) && Target(t) is not null)];

    public static bool MayTake(string transition, Viewer viewer) => transition switch
    {
        RuleTransitions.Submit => viewer.MayWorkIncidents,
        RuleTransitions.Approve or RuleTransitions.Reject => viewer.Is(Roles.Leader),
        _ => viewer.IsLeaderOrAdmin,
    };

    /// <summary>Moves a version through the lifecycle; 403 for a role that may not, 409 for a state that does not allow it.</summary>
    public RuleChange Apply(string transition, Viewer viewer, string? note, DateTimeOffset now)
    {
        if (!MayTake(transition, viewer))
        {
            throw new ForbiddenException(transition switch
            {
                RuleTransitions.Submit => "Only operators, leaders and admins submit rules for review.",
                RuleTransitions.Approve or RuleTransitions.Reject => "Only leaders approve or reject rules.",
                _ => $"Only leaders and admins {transition} rules.",
            });
        }

        var target = Target(transition);
        if (target is null)
        {
            throw transition is RuleTransitions.Launch or RuleTransitions.Shadow && Latest.Status is RuleStatuses.Draft or RuleStatuses.InReview
                ? Conflict("rule-not-approved", $"Version {Latest.Version} of {Key} is {Latest.Status}: a leader approves it before it runs in shadow or launches.")
                : Conflict("rule-transition-not-allowed", $"Rule {Key} cannot {transition} now: version {Latest.Version} is {Latest.Status}{Running()}.");
        }

        var change = Move(transition, target, viewer.Username, note, now);
        changes.Add(change);
        UpdatedAt = now;
        return change;
    }

    /// <summary>The store wrote this state (as the next row version, unless it was the first insert).</summary>
    public void Saved(bool inserted = false)
    {
        RowVersion += inserted ? 0 : 1;
        StoredIncidentIds = [.. incidentIds];
        ChangedVersions.Clear();
    }

    private RuleVersion? Target(string transition)
    {
        var latest = Latest;
        var paused = versions.Find(v => v.Status == RuleStatuses.Paused);
        return transition switch
        {
            RuleTransitions.Submit => latest.Status == RuleStatuses.Draft ? latest : null,
            RuleTransitions.Approve or RuleTransitions.Reject => latest.Status == RuleStatuses.InReview ? latest : null,
            RuleTransitions.Shadow => latest.Status == RuleStatuses.Approved ? latest : null,
            RuleTransitions.Launch => latest.Status is RuleStatuses.Approved or RuleStatuses.Shadow or RuleStatuses.Paused ? latest
                : latest.Status is RuleStatuses.Draft or RuleStatuses.InReview && LiveVersion is null ? paused
                : null,
            RuleTransitions.Pause => LiveVersion ?? ShadowVersion,
            RuleTransitions.Retire => versions.Exists(v => v.Status != RuleStatuses.Retired) ? latest : null,
            _ => throw ValidationFailedException.For("transition", $"Unknown transition '{transition}'; expected one of: {string.Join(", ", RuleTransitions.All)}."),
        };
    }

    private RuleChange Move(string transition, RuleVersion target, string actor, string? note, DateTimeOffset now)
    {
        var from = target.Status;
        switch (transition)
        {
            case RuleTransitions.Submit:
                target.Status = RuleStatuses.InReview;
                target.SubmittedAt = now;
                break;
            case RuleTransitions.Approve:
                target.Status = RuleStatuses.Approved;
                target.ApprovedBy = actor;
                target.ApprovedAt = now;
                break;
            case RuleTransitions.Reject:
                target.Status = RuleStatuses.Draft;
                break;
            case RuleTransitions.Shadow:
                target.Status = RuleStatuses.Shadow;
                target.ShadowAt = now;
                break;
            case RuleTransitions.Launch:
                var previous = LiveVersion;
                if (previous is not null && previous != target)
                {
                    Retire(previous, now, supersededBy: target.Version);
                }

                target.Status = RuleStatuses.Live;
                target.LaunchedBy = actor;
                target.LaunchedAt = now;
                target.PausedAt = null;
                break;
            case RuleTransitions.Pause:
                target.Status = RuleStatuses.Paused;
                target.PausedAt = now;
                break;
            case RuleTransitions.Retire:
                foreach (var version in versions.Where(v => v.Status != RuleStatuses.Retired && v != target))
                {
                    Retire(version, now, supersededBy: null);
                }

                target.Status = RuleStatuses.Retired;
                target.RetiredAt = now;
                break;
        }

        target.UpdatedAt = now;
        ChangedVersions.Add(target.Version);
        return new RuleChange(transition, from, target.Status, target.Version, transition, note);
    }

    private void Retire(RuleVersion version, DateTimeOffset now, int? supersededBy)
    {
        version.Status = RuleStatuses.Retired;
        version.RetiredAt = now;
        version.SupersededBy = supersededBy;
        version.UpdatedAt = now;
        ChangedVersions.Add(version.Version);
    }

    private string Running() => (LiveVersion, ShadowVersion) switch
    {
        ({ } live, _) => $" (version {live.Version} is live)",
        (null, { } shadow) => $" (version {shadow.Version} runs in shadow)",
        _ => "",
    };

    private ConflictException Conflict(string type, string message) => new(message, type, currentVersion: RowVersion);
}

/// <summary>A lifecycle fact: the version, its status before and after, and what was done (a transition, edit or new-version).</summary>
public sealed record RuleChange(string Transition, string? From, string To, int Version, string What, string? Note);
