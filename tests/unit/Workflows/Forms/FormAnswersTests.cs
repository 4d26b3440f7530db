using Services.Data.Dossiers;
using Services.Workflows.Forms;

namespace Services.Tests.Unit.Workflows.Forms;

public sealed class FormAnswersTests
{
    private static FormField Field(string key, FormFieldKind kind, bool required = true, int? maxLength = null) =>
        new() { Key = key, Kind = kind, Required = required, LabelVi = key, LabelEn = key, MaxLength = maxLength };

    private static readonly DateOnly Today = new(2026, 11, 2);

    private static FormCheck Check(FormField field, string? value) =>
        FormAnswers.Check([field], new Dictionary<string, string?> { [field.Key] = value }, Today);

    [Theory]
    [InlineData("0903123456", "0903123456")]
    [InlineData("0903 123 456", "0903123456")]
    [InlineData("090.312.3456", "0903123456")]
    [InlineData("+84 903 123 456", "0903123456")]
    [InlineData("(028) 3829 1234", "02838291234")]
    public void AcceptsVietnamesePhoneNumbersAsTypedAndStoresDigits(string typed, string stored) =>
        Assert.Equal(stored, Check(Field("dt", FormFieldKind.Phone), typed).Values["dt"]);

    [Theory]
    [InlineData("abc")]
    [InlineData("0903")]
    [InlineData("1903123456")]
    [InlineData("0903123456789")]
    [InlineData("09031234ab")]
    public void RefusesWhatIsNotAPhoneNumber(string typed) =>
        Assert.Equal(FormErrorKind.NotAPhone, Assert.Single(Check(Field("dt", FormFieldKind.Phone), typed).Errors).Kind);

    [Theory]
    [InlineData("lan@example.vn", true)]
    [InlineData("lan.nguyen+truong@mail.example.com", true)]
    [InlineData("lan@", false)]
    [InlineData("lan@example", false)]
    [InlineData("Lan <lan@example.vn>", false)]
    [InlineData("lan@example.vn, khoi@example.vn", false)]
    [InlineData("lan @example.vn", false)]
    [InlineData("lan@@example.vn", false)]
    public void AcceptsOnlyOneDeliverableEmailAddress(string typed, bool valid) =>
        Assert.Equal(valid, Check(Field("email", FormFieldKind.Email), typed).IsValid);

    [Fact]
    public void RefusesABirthDateAfterTodayByThePortalsClock()
    {
        var birth = new FormField { Key = "ns", Kind = FormFieldKind.Date, Required = true, NotInFuture = true, LabelVi = "ns", LabelEn = "ns" };

        Assert.True(Check(birth, "2026-11-02").IsValid); // today itself is a possible date of birth
        Assert.Equal(FormErrorKind.DateInFuture, Assert.Single(Check(birth, "2026-11-03").Errors).Kind);
        Assert.Equal(FormErrorKind.DateInFuture, Assert.Single(Check(birth, "2030-01-01").Errors).Kind);
    }

    [Fact]
    public void RefusesAnEndDateBeforeItsStartOnTheSamePageOrAnEarlierOne()
    {
        var from = new FormField { Key = "tu", Kind = FormFieldKind.Date, Required = true, LabelVi = "tu", LabelEn = "from" };
        var until = new FormField { Key = "den", Kind = FormFieldKind.Date, Required = true, NotBefore = "tu", LabelVi = "den", LabelEn = "until" };

        var samePage = FormAnswers.Check([from, until], new Dictionary<string, string?> { ["tu"] = "2026-11-24", ["den"] = "2026-11-23" }, Today);
        var error = Assert.Single(samePage.Errors);
        Assert.Equal((FormErrorKind.DateBeforeOther, "den", "tu"), (error.Kind, error.FieldKey, error.Other));
        Assert.False(samePage.Values.ContainsKey("den"));

        Assert.True(FormAnswers.Check([from, until], new Dictionary<string, string?> { ["tu"] = "2026-11-24", ["den"] = "2026-11-24" }, Today).IsValid);
        var laterPage = FormAnswers.Check([until], new Dictionary<string, string?> { ["den"] = "2026-11-20" }, Today,
            new Dictionary<string, string> { ["tu"] = "2026-11-24" });
        Assert.Equal(FormErrorKind.DateBeforeOther, Assert.Single(laterPage.Errors).Kind);
    }

    [Fact]
    public void KeepsScriptAsPlainTextBecauseItIsAlwaysRenderedEncoded()
    {
        var check = Check(Field("ly-do", FormFieldKind.Text), "<script>alert(1)</script>");
        Assert.True(check.IsValid);
        Assert.Equal("<script>alert(1)</script>", check.Values["ly-do"]);
    }

    [Fact]
    public void RefusesAHundredThousandCharactersWithTheLimitInTheError()
    {
        var check = Check(Field("ly-do", FormFieldKind.LongText), new string('a', 100_000));
        var error = Assert.Single(check.Errors);
        Assert.Equal(FormErrorKind.TooLong, error.Kind);
        Assert.Equal(FormAnswers.DefaultLongTextLength, error.Limit);
        Assert.Empty(check.Values);
    }

    [Theory]
    [InlineData("Nguy\uFFFDn")] // what an invalid UTF-8 byte decodes to
    [InlineData("abc\uD800")] // unpaired high surrogate
    [InlineData("\uDC00abc")] // unpaired low surrogate
    [InlineData("tab\u0007bell")]
    [InlineData("line\nbreak")] // not allowed in a one-line answer
    public void RefusesBrokenOrControlCharacters(string value) =>
        Assert.Equal(FormErrorKind.InvalidCharacters, Assert.Single(Check(Field("ten", FormFieldKind.Text), value).Errors).Kind);

    [Fact]
    public void AllowsLineBreaksInLongText() =>
        Assert.True(Check(Field("ghi-chu", FormFieldKind.LongText), "dòng 1\r\ndòng 2").IsValid);

    [Fact]
    public void NormalisesDecomposedVietnameseToNfc()
    {
        const string decomposed = "Nguye\u0302\u0303n"; // "Nguyễn" typed as e + circumflex + tilde
        var check = Check(Field("ten", FormFieldKind.Text), decomposed);
        Assert.Equal("Nguyễn", check.Values["ten"]);
        Assert.True(check.Values["ten"].IsNormalized(System.Text.NormalizationForm.FormC));
    }

    [Fact]
    public void KeepsEmojiWhichAreValidSurrogatePairs() =>
        Assert.True(Check(Field("ten", FormFieldKind.Text), "Lan 🌸").IsValid);

    [Fact]
    public void RequiresRequiredAnswersButNotOptionalOnes()
    {
        Assert.Equal(FormErrorKind.Required, Assert.Single(Check(Field("ten", FormFieldKind.Text), "   ").Errors).Kind);
        Assert.True(Check(Field("ten", FormFieldKind.Text, required: false), null).IsValid);
    }

    [Theory]
    [InlineData("2019-09-05", true)]
    [InlineData("05/09/2019", false)]
    [InlineData("1800-01-01", false)]
    [InlineData("2019-02-30", false)]
    public void AcceptsOnlyRealIsoDates(string value, bool valid) =>
        Assert.Equal(valid, Check(Field("ngay", FormFieldKind.Date), value).IsValid);

    [Theory]
    [InlineData("3,5", "3.5")]
    [InlineData("12", "12")]
    public void ReadsNumbersWithEitherDecimalSeparator(string value, string stored) =>
        Assert.Equal(stored, Check(Field("so", FormFieldKind.Number), value).Values["so"]);

    [Fact]
    public void RefusesAChoiceThatIsNotOffered()
    {
        var field = Field("lop", FormFieldKind.Choice);
        field.Choices.Add(new FormChoice { Value = "1a", LabelVi = "1A", LabelEn = "1A" });
        Assert.True(Check(field, "1a").IsValid);
        Assert.Equal(FormErrorKind.NotAChoice, Assert.Single(Check(field, "1z").Errors).Kind);
    }

    [Fact]
    public void ARequiredCheckboxMustBeTicked()
    {
        Assert.Equal(FormErrorKind.Required, Assert.Single(Check(Field("cam-ket", FormFieldKind.Checkbox), null).Errors).Kind);
        Assert.Equal("true", Check(Field("cam-ket", FormFieldKind.Checkbox), "on").Values["cam-ket"]);
    }
}
