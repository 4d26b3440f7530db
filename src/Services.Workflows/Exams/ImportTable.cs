using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;

namespace Services.Workflows.Exams;

/// <summary>
/// An imported file as a header and rows of text cells with their line numbers, whether it came as CSV or as Excel
/// (.xlsx, its first sheet; the line is the spreadsheet's row number). <see cref="ExamFile"/> and
/// <see cref="CertificateFile"/> check every cell the same way whatever the format (ADR 0022).
/// </summary>
internal abstract class ImportTable : IDisposable
{
    /// <summary>The header's cells; null when the file has none (an empty file).</summary>
    public abstract IReadOnlyList<string>? Headers { get; }

    /// <summary>Moves to the next row after the header; false at the end.</summary>
    public abstract bool Next();

    public abstract int Line { get; }
    public abstract int FieldCount { get; }
    public abstract string this[int index] { get; }

    /// <summary>How much of the file has been read, 0–1 (0 when unknown).</summary>
    public abstract double Share { get; }

    /// <summary>
    /// Opens the file by its content: a ZIP signature (PK\x03\x04) is an Excel workbook, anything else CSV. Null when
    /// the file claims to be a workbook but cannot be read as one.
    /// </summary>
    public static ImportTable? Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        var start = stream.Position;
        Span<byte> signature = stackalloc byte[4];
        var read = stream.ReadAtLeast(signature, 4, throwOnEndOfStream: false);
        stream.Position = start;
        if (read == 4 && signature.SequenceEqual("PK\u0003\u0004"u8))
        {
            try
            {
                return new ExcelTable(stream);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null; // a damaged or foreign ZIP file: ClosedXML's exceptions vary by what is wrong inside
            }
        }

        return new CsvTable(stream);
    }

    public abstract void Dispose();

    private sealed class CsvTable : ImportTable
    {
        private readonly CsvReader _csv;
        private readonly long _length;
        private bool _firstPending;

        public CsvTable(Stream stream)
        {
            _length = stream.Length;
            _csv = CsvReader.Create(stream, new CsvReaderOptions { TrackLineNumbers = true, PoolStrings = true }, leaveOpen: true);
            // The first read takes the header and the first row.
            if (!_csv.Read() && _csv.Headers.Count == 0)
            {
                return;
            }

            Headers = [.. _csv.Headers];
            _firstPending = _csv.RowNumber > 0;
        }

        public override IReadOnlyList<string>? Headers { get; }
        public override int Line => (int)_csv.LineNumber;
        public override int FieldCount => _csv.FieldCount;
        public override string this[int index] => _csv.GetString(index);
        public override double Share => _length > 0 ? (double)_csv.ByteOffset / _length : 0;

        public override bool Next()
        {
            if (Headers is null)
            {
                return false;
            }

            if (_firstPending)
            {
                _firstPending = false;
                return true;
            }

            return _csv.Read();
        }

        public override void Dispose() => _csv.Dispose();
    }

    private sealed class ExcelTable : ImportTable
    {
        private readonly XLWorkbook _workbook;
        private readonly IXLWorksheet _sheet;
        private readonly int _lastRow;
        private string[] _cells = [];
        private int _row = 1;

        public ExcelTable(Stream stream)
        {
            _workbook = new XLWorkbook(stream);
            _sheet = _workbook.Worksheets.First();
            _lastRow = _sheet.LastRowUsed()?.RowNumber() ?? 0;
            var width = _sheet.Row(1).LastCellUsed()?.Address.ColumnNumber ?? 0;
            if (_lastRow > 0 && width > 0)
            {
                Headers = [.. Enumerable.Range(1, width).Select(c => Text(_sheet.Cell(1, c)))];
            }
        }

        public override IReadOnlyList<string>? Headers { get; }
        public override int Line => _row;
        public override int FieldCount => _cells.Length;
        public override string this[int index] => _cells[index];
        public override double Share => _lastRow > 0 ? (double)_row / _lastRow : 0;

        public override bool Next()
        {
            if (Headers is null || _row >= _lastRow)
            {
                return false;
            }

            _row++;
            var row = _sheet.Row(_row);
            // A value right of the header's last column makes the row longer than the header, as an extra CSV field would.
            var width = Math.Max(Headers.Count, row.LastCellUsed()?.Address.ColumnNumber ?? 0);
            _cells = [.. Enumerable.Range(1, width).Select(c => Text(row.Cell(c)))];
            return true;
        }

        public override void Dispose() => _workbook.Dispose();

        /// <summary>A cell as the CSV would carry it: dates as dd/MM/yyyy, numbers with a decimal point, text as typed.</summary>
        private static string Text(IXLCell cell) => cell.DataType switch
        {
            XLDataType.DateTime => cell.GetDateTime().ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            XLDataType.Number => cell.GetDouble().ToString(CultureInfo.InvariantCulture),
            XLDataType.Boolean => cell.GetBoolean() ? "TRUE" : "FALSE",
            _ => cell.GetString(),
        };
    }
}
