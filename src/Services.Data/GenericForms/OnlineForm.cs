using Services.Data.Dossiers;

namespace Services.Data.GenericForms;

/// <summary>
/// A generic online form a unit admin defines (đơn trực tuyến: xin nghỉ học, xác nhận học sinh…). Published forms are
/// served at <c>/{unit}/dich-vu/{slug}</c>; each submission becomes a <see cref="Dossier"/>.
/// </summary>
public sealed class OnlineForm
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }

    /// <summary>URL segment, unique within the unit.</summary>
    public required string Slug { get; set; }

    public required string TitleVi { get; set; }
    public required string TitleEn { get; set; }
    public string DescriptionVi { get; set; } = "";
    public string DescriptionEn { get; set; } = "";

    /// <summary>The catalogue procedure this form is the online service of, when there is one.</summary>
    public string? ProcedureCode { get; set; }

    /// <summary>Legal processing time in working days, from submission to decision.</summary>
    public int ProcessingDays { get; set; }

    public List<FormField> Fields { get; set; } = [];
    public OnlineFormStatus Status { get; set; }

    /// <summary>Raised on every publish, so a dossier records which wording of the form its applicant saw.</summary>
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Steps of the citizen journey, in order (fields are grouped by <see cref="FormField.Step"/>).</summary>
    public IReadOnlyList<int> Steps => Fields.Select(f => f.Step).Distinct().Order().ToList();
}

public enum OnlineFormStatus
{
    Draft,
    Published,
    Withdrawn,
}
