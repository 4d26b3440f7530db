using Services.Data.Dossiers;
using Services.Data.GenericForms;
using Services.Workflows.Forms;

namespace Services.Tests.Unit.Workflows.Forms;

public sealed class FormDefinitionRulesTests
{
    private static OnlineForm Valid() => new()
    {
        Slug = "xin-nghi-hoc", TitleVi = "Đơn xin nghỉ học", TitleEn = "Leave of absence", ProcessingDays = 2,
        Fields = [new FormField { Key = "ly-do", Kind = FormFieldKind.LongText, LabelVi = "Lý do", LabelEn = "Reason" }],
    };

    private static IEnumerable<FormDefinitionProblemKind> Problems(OnlineForm form) => FormDefinitionRules.Check(form).Select(p => p.Kind);

    [Fact]
    public void AcceptsAWellFormedForm() => Assert.Empty(FormDefinitionRules.Check(Valid()));

    [Fact]
    public void ADateRuleMustSitOnADateAndNameAnotherDateQuestion()
    {
        var form = Valid();
        form.Fields.Add(new FormField { Key = "tu-ngay", Kind = FormFieldKind.Date, LabelVi = "Từ ngày", LabelEn = "From" });
        form.Fields.Add(new FormField { Key = "den-ngay", Kind = FormFieldKind.Date, LabelVi = "Đến ngày", LabelEn = "Until", NotBefore = "tu-ngay" });
        Assert.Empty(FormDefinitionRules.Check(form));

        form.Fields[2].NotBefore = "ly-do";
        Assert.Contains(FormDefinitionRules.Check(form), p => p.Kind == FormDefinitionProblemKind.BadDateRule && p.FieldKey == "den-ngay");
        form.Fields[2].NotBefore = "den-ngay";
        Assert.Contains(FormDefinitionProblemKind.BadDateRule, Problems(form));
        form.Fields[2].NotBefore = null;
        form.Fields[0].NotInFuture = true;
        Assert.Contains(FormDefinitionRules.Check(form), p => p.Kind == FormDefinitionProblemKind.BadDateRule && p.FieldKey == "ly-do");
    }

    [Fact]
    public void APageNameNeedsVietnameseAndFitsTheLimit()
    {
        var form = Valid();
        form.Fields[0].SectionEn = "Reason";
        Assert.Contains(FormDefinitionProblemKind.BadSection, Problems(form));
        form.Fields[0].SectionVi = "Lý do nghỉ";
        Assert.Empty(FormDefinitionRules.Check(form));
        form.Fields[0].SectionVi = new string('a', FormDefinitionRules.MaxSectionLength + 1);
        Assert.Contains(FormDefinitionProblemKind.BadSection, Problems(form));
    }

    [Theory]
    [InlineData("Hướng dẫn\u0007")]
    [InlineData("Tên\u202Efdp.exe")]
    [InlineData("lỗi \uFFFD")]
    public void RefusesHelpTextWithControlBidiOrBrokenCharacters(string help)
    {
        var form = Valid();
        form.Fields[0].HelpVi = help;
        Assert.Contains(FormDefinitionProblemKind.BadText, Problems(form));
    }

    [Fact]
    public void RefusesAHundredThousandCharacterHelpText()
    {
        var form = Valid();
        form.Fields[0].HelpEn = new string('a', 100_000);
        Assert.Contains(FormDefinitionProblemKind.BadText, Problems(form));
        form.Fields[0].HelpEn = new string('a', FormDefinitionRules.MaxHelpLength);
        Assert.DoesNotContain(FormDefinitionProblemKind.BadText, Problems(form));
    }

    [Theory]
    [InlineData("Xin Nghỉ")]
    [InlineData("../x")]
    [InlineData("")]
    public void RefusesSlugsThatAreNotPlainKebabCase(string slug)
    {
        var form = Valid();
        form.Slug = slug;
        Assert.Contains(FormDefinitionProblemKind.BadSlug, Problems(form));
    }

    [Fact]
    public void RefusesDuplicateKeysAndKeysReservedForTheApplicantAndSupplements()
    {
        var form = Valid();
        form.Fields.Add(new FormField { Key = "ly-do", LabelVi = "a", LabelEn = "a" });
        form.Fields.Add(new FormField { Key = "nguoi-nop-ho-ten", LabelVi = "b", LabelEn = "b" });
        form.Fields.Add(new FormField { Key = "bo-sung-2-tep", LabelVi = "c", LabelEn = "c" });
        Assert.Equal(
            [FormDefinitionProblemKind.DuplicateFieldKey, FormDefinitionProblemKind.BadFieldKey, FormDefinitionProblemKind.BadFieldKey],
            Problems(form));
    }

    [Fact]
    public void AChoiceNeedsAtLeastTwoDistinctOptions()
    {
        var form = Valid();
        form.Fields.Add(new FormField
        {
            Key = "lop", Kind = FormFieldKind.Choice, LabelVi = "Lớp", LabelEn = "Class",
            Choices = [new FormChoice { Value = "1a", LabelVi = "1A", LabelEn = "1A" }],
        });
        Assert.Contains(FormDefinitionProblemKind.BadChoices, Problems(form));
    }

    [Fact]
    public void NeedsBothLanguagesForEveryLabel()
    {
        var form = Valid();
        form.Fields[0].LabelEn = " ";
        Assert.Contains(FormDefinitionProblemKind.MissingLabel, Problems(form));
    }
}
