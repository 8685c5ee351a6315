namespace Incident.Api.Features.Incidents;

public static class Severities
{
    public static readonly IReadOnlyList<string> All = ["S1", "S2", "S3", "S4"];
}

public static class Sources
{
    public static readonly IReadOnlyList<string> All = ["operator", "monitoring", "feedback", "partner", "media", "regulator"];
}

public static class Stages
{
    public const string Discovery = "discovery";
    public const string Assessment = "assessment";
    public const string Escalation = "escalation";
    public const string Governance = "governance";
    public const string Closure = "closure";

    public static readonly IReadOnlyList<string> All = [Discovery, Assessment, Escalation, Governance, Closure];
}

public static class IncidentStatuses
{
    public const string Open = "open";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [Open, Closed];
}

/// <summary>Why a department is involved in an incident (API.md "Involved departments").</summary>
public static class InvolvementReasons
{
    public const string Owner = "owner";
    public const string Handoff = "handoff";
    public const string Task = "task";
    public const string Report = "report";
}
