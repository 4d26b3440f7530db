namespace Services.Data.Catalogue;

/// <summary>
/// One administrative procedure in a unit's "Thủ tục - Biểu mẫu" catalogue: what a citizen must know before
/// applying (steps, documents, where, who, how long, how much, on what legal basis) and the forms to download.
/// Texts are Vietnamese first; English is optional and falls back to Vietnamese.
/// </summary>
public sealed class Procedure
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }

    /// <summary>The unit's own code for the procedure (e.g. <c>TH-03</c>), unique within the unit and used in the URL.</summary>
    public required string Code { get; set; }

    public required string NameVi { get; set; }
    public string? NameEn { get; set; }

    /// <summary>The field (lĩnh vực), e.g. "Giáo dục tiểu học"; filterable, so kept as short free text.</summary>
    public required string FieldVi { get; set; }
    public string? FieldEn { get; set; }

    public ServiceLevel Level { get; set; }

    /// <summary>Ordered steps (trình tự thực hiện), one entry per step.</summary>
    public List<string> StepsVi { get; set; } = [];

    /// <summary>The documents that make up the dossier (thành phần hồ sơ), one entry per document.</summary>
    public List<string> ComponentsVi { get; set; } = [];

    /// <summary>How many sets of the dossier to hand in (số lượng hồ sơ), usually 1.</summary>
    public int DossierSets { get; set; } = 1;

    /// <summary>Who may apply (đối tượng thực hiện thủ tục hành chính).</summary>
    public string ApplicantsVi { get; set; } = "";

    /// <summary>The body that decides (cơ quan thực hiện), which may differ from where the dossier is handed in.</summary>
    public string AgencyVi { get; set; } = "";

    /// <summary>What the applicant receives (kết quả thực hiện), e.g. a confirmation letter.</summary>
    public string ResultVi { get; set; } = "";

    /// <summary>Conditions the applicant must meet (yêu cầu, điều kiện), one per line; empty when there are none.</summary>
    public string RequirementsVi { get; set; } = "";

    /// <summary>Where and how to submit (cách thức thực hiện).</summary>
    public required string SubmissionVi { get; set; }

    public required string HandlerName { get; set; }
    public required string HandlerContact { get; set; }

    /// <summary>Processing time in working days (thời hạn giải quyết).</summary>
    public int ProcessingDays { get; set; }

    /// <summary>Fees and charges (phí, lệ phí), as the legal text states them; "Không" when free.</summary>
    public required string FeesVi { get; set; }

    /// <summary>Legal basis (căn cứ pháp lý), one document per line.</summary>
    public required string LegalBasisVi { get; set; }

    /// <summary>Slug of the online service at <c>/{unit}/dich-vu/{slug}</c>, when the procedure has one.</summary>
    public string? OnlineServiceSlug { get; set; }

    public bool IsPublished { get; set; }
    public int SortOrder { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<ProcedureForm> Forms { get; } = [];

    public string Name(bool english) => english && !string.IsNullOrWhiteSpace(NameEn) ? NameEn : NameVi;
    public string Field(bool english) => english && !string.IsNullOrWhiteSpace(FieldEn) ? FieldEn : FieldVi;
}
