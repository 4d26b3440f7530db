namespace Services.Workflows.Exams;

/// <summary>Why a cell or row of an imported file was refused; the page words each reason in the visitor's language.</summary>
public enum ImportProblemReason
{
    MissingColumn,
    DuplicateColumn,
    Required,
    TooLong,
    InvalidCharacters,
    InvalidNumber,
    InvalidDate,
    InvalidScore,
    DuplicateNumber,
    WrongFieldCount,
    EmptyFile,
    /// <summary>examsapi: an .xlsx (ZIP) file that cannot be read as a workbook.</summary>
    UnreadableFile,
}

/// <summary>One refused cell: the file's line (the header is line 1), the column's header text, and why.</summary>
public sealed record ImportProblem(int Line, string Column, ImportProblemReason Reason);

/// <summary>The outcome of an import: nothing was written unless <see cref="Problems"/> is empty (all or nothing).</summary>
public sealed record ImportReport(int Rows, int Inserted, int Updated, IReadOnlyList<ImportProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}
