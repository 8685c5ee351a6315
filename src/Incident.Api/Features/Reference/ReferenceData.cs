using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Reference;

public sealed record NamedCode(string Code, string NameEn, string NameZh);

public sealed record CategoryInfo(string Code, string NameEn, string NameZh, string PartnerDepartment, double SensitivityWeight);

public sealed record ReferenceView(
    IReadOnlyList<NamedCode> BusinessLines,
    IReadOnlyList<CategoryInfo> Categories,
    IReadOnlyList<NamedCode> Departments,
    IReadOnlyList<string> Severities,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Stages,
    IReadOnlyList<string> Roles);

/// <summary>
/// Business lines, categories and departments are seeded by migration and change only with
/// one; they are read once per process and validated against in memory.
/// </summary>
public sealed class ReferenceData(SqlDialect dialect)
{
    private ReferenceView? view;

    public ReferenceView View => view ?? throw new InvalidOperationException("Reference data not loaded yet.");

    public IReadOnlyCollection<string> BusinessLineCodes => [.. View.BusinessLines.Select(b => b.Code)];

    public IReadOnlyCollection<string> CategoryCodes => [.. View.Categories.Select(c => c.Code)];

    public IReadOnlyCollection<string> DepartmentCodes => [.. View.Departments.Select(d => d.Code)];

    public CategoryInfo Category(string code) => View.Categories.Single(c => c.Code == code);

    public async Task LoadAsync(CancellationToken ct)
    {
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(ct);
        var businessLines = await connection.QueryAsync<NamedCode>(
            """
            select code, name_en as NameEn, name_zh as NameZh
            from business_lines
            order by code
            """);
        var categories = await connection.QueryAsync<CategoryInfo>(
            """
            select code, name_en as NameEn, name_zh as NameZh,
                partner_department as PartnerDepartment, sensitivity_weight as SensitivityWeight
            from categories
            order by code
            """);
        var departments = await connection.QueryAsync<NamedCode>(
            """
            select code, name_en as NameEn, name_zh as NameZh
            from departments
            order by code
            """);
        view = new ReferenceView(
            [.. businessLines], [.. categories], [.. departments],
            Severities.All, Sources.All, Stages.All, Infrastructure.Auth.Roles.All);
    }
}
