namespace Services.Data.Dossiers;

/// <summary>One question a service asks (a generic form stores its questions as JSON; other services declare theirs in code).</summary>
public sealed class FormField
{
    /// <summary>Stable key of the answer in the dossier's data (lower-case letters, digits, dashes).</summary>
    public required string Key { get; set; }

    public FormFieldKind Kind { get; set; }
    public bool Required { get; set; }
    public required string LabelVi { get; set; }
    public required string LabelEn { get; set; }
    public string? HelpVi { get; set; }
    public string? HelpEn { get; set; }

    /// <summary>Answer length limit for text fields; null takes the kind's default.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Options of a <see cref="FormFieldKind.Choice"/> field.</summary>
    public List<FormChoice> Choices { get; set; } = [];

    /// <summary>For a date: the key of another date question this answer may not come before (a leave's "until" after its "from").</summary>
    public string? NotBefore { get; set; }

    /// <summary>For a date that has already happened (a date of birth): refused when after today.</summary>
    public bool NotInFuture { get; set; }

    /// <summary>On the first question of a page: the page's name ("Thông tin học sinh"), its heading in the journey.</summary>
    public string? SectionVi { get; set; }
    public string? SectionEn { get; set; }

    /// <summary>Which page of the multi-step journey asks this question (1-based).</summary>
    public int Step { get; set; } = 1;

    public string Label(bool english) => english ? LabelEn : LabelVi;
    public string? Help(bool english) => english ? HelpEn ?? HelpVi : HelpVi;
}

public sealed class FormChoice
{
    public required string Value { get; set; }
    public required string LabelVi { get; set; }
    public required string LabelEn { get; set; }

    public string Label(bool english) => english ? LabelEn : LabelVi;
}

public enum FormFieldKind
{
    Text,
    LongText,
    Number,
    Date,
    Choice,
    Checkbox,
    File,

    /// <summary>A Vietnamese phone number (mobile or landline, optionally +84); stored as digits.</summary>
    Phone,

    /// <summary>An e-mail address a message can be sent to.</summary>
    Email,
}
