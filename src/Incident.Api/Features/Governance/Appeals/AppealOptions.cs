namespace Incident.Api.Features.Governance.Appeals;

/// <summary>Appeal settings in the "Incident:Governance" configuration section.</summary>
public sealed class AppealOptions
{
    public const string Section = "Incident:Governance";

    /// <summary>The department that decides appeals (docs/governance.md: review-ops); its members may decide, as leaders may.</summary>
    public string ReviewingDepartment { get; set; } = "review-ops";
}
