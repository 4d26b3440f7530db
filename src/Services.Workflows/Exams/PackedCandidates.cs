using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Services.Workflows.Exams;

/// <summary>One candidate as <see cref="PackedCandidates"/> gives it back: the scores in the exam's subject order.</summary>
public sealed record PackedCandidate(string FullName, DateOnly DateOfBirth, string School, string Room, IReadOnlyList<decimal?> Scores);

/// <summary>
/// All candidates of one exam in a few large arrays, found by number with a binary search (ADR 0037). Each record is
/// packed into 1 MiB byte chunks (never across two): the number's UTF-8 bytes after a one-byte length, the name's after
/// a variable-length one, the date of birth as a day number, the school and room as indexes into tables of their
/// distinct texts, then one <see cref="PackedScore"/> per subject. An int per candidate (chunk and offset) keeps them in
/// the numbers' ordinal (UTF-8 byte) order, PostgreSQL's equality for text. Nothing is allocated per candidate but the
/// one a lookup finds.
/// </summary>
public sealed class PackedCandidates
{
    public const int ChunkSize = 1 << OffsetBits;
    private const int OffsetBits = 20;

    private readonly byte[][] _chunks;
    private readonly int[] _positions;
    private readonly string[] _schools;
    private readonly string[] _rooms;
    private readonly int _subjects;

    private PackedCandidates(byte[][] chunks, int[] positions, string[] schools, string[] rooms, int subjects, long bytes)
    {
        _chunks = chunks;
        _positions = positions;
        _schools = schools;
        _rooms = rooms;
        _subjects = subjects;
        Bytes = bytes;
    }

    public int Count => _positions.Length;

    /// <summary>What the store holds in memory: chunks, positions and texts, object headers included.</summary>
    public long Bytes { get; }

    public PackedCandidate? Find(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        Span<byte> key = number.Length <= 64 ? stackalloc byte[256] : new byte[Encoding.UTF8.GetMaxByteCount(number.Length)];
        key = key[..Encoding.UTF8.GetBytes(number, key)];
        int low = 0, high = _positions.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = NumberAt(_positions[middle]).SequenceCompareTo(key);
            if (order == 0)
            {
                return Read(_positions[middle]);
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }

    private ReadOnlySpan<byte> NumberAt(int position)
    {
        var chunk = _chunks[position >> OffsetBits];
        var at = position & (ChunkSize - 1);
        return chunk.AsSpan(at + 1, chunk[at]);
    }

    private PackedCandidate Read(int position)
    {
        var chunk = _chunks[position >> OffsetBits];
        var at = position & (ChunkSize - 1);
        at += 1 + chunk[at];
        var nameLength = ReadVarint(chunk, ref at);
        var name = Encoding.UTF8.GetString(chunk, at, nameLength);
        at += nameLength;
        var dateOfBirth = DateOnly.FromDayNumber(ReadVarint(chunk, ref at));
        var school = _schools[ReadVarint(chunk, ref at)];
        var room = _rooms[ReadVarint(chunk, ref at)];
        var scores = new decimal?[_subjects];
        for (var i = 0; i < scores.Length; i++, at += 2)
        {
            scores[i] = PackedScore.Unpack(BinaryPrimitives.ReadUInt16LittleEndian(chunk.AsSpan(at)));
        }

        return new PackedCandidate(name, dateOfBirth, school, room, scores);
    }

    private static int ReadVarint(byte[] chunk, ref int at)
    {
        int value = 0, shift = 0;
        byte next;
        do
        {
            next = chunk[at++];
            value |= (next & 0x7F) << shift;
            shift += 7;
        }
        while (next >= 0x80);
        return value;
    }

    private static int VarintLength(int value) => value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;

    private static int WriteVarint(Span<byte> target, int value)
    {
        var written = 0;
        var rest = (uint)value;
        while (rest >= 0x80)
        {
            target[written++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        target[written++] = (byte)rest;
        return written;
    }

    /// <summary>
    /// Packs candidates added in any order. Give the expected count (from the same read) so the positions are one
    /// array of that size; rows arriving in number order are not sorted again.
    /// </summary>
    public sealed class Builder(int subjects, int expected)
    {
        private readonly List<byte[]> _chunks = [];
        private readonly Dictionary<string, int> _schoolIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _roomIds = new(StringComparer.Ordinal);
        private readonly List<string> _schools = [];
        private readonly List<string> _rooms = [];
        private int[] _positions = new int[expected];
        private int _count;
        private byte[]? _current;
        private int _used;
        private long _textBytes;
        private bool _inOrder = true;

        /// <summary>What the store built now would hold, to stop a load beyond the memory budget early.</summary>
        public long Bytes => ((long)_chunks.Count * ChunkSize) + (4L * _positions.Length) + _textBytes;

        /// <param name="scores">One <see cref="PackedScore"/> per subject, in the exam's order.</param>
        public void Add(string number, string fullName, DateOnly dateOfBirth, string school, string room, ReadOnlySpan<ushort> scores)
        {
            ArgumentNullException.ThrowIfNull(number);
            ArgumentNullException.ThrowIfNull(fullName);
            if (scores.Length != subjects)
            {
                throw new ArgumentException($"Expected {subjects} scores, got {scores.Length}.", nameof(scores));
            }

            var numberLength = Encoding.UTF8.GetByteCount(number);
            if (numberLength > byte.MaxValue)
            {
                throw new ArgumentException("A candidate number longer than 255 bytes.", nameof(number));
            }

            var nameLength = Encoding.UTF8.GetByteCount(fullName);
            var schoolId = IdOf(school, _schoolIds, _schools);
            var roomId = IdOf(room, _roomIds, _rooms);
            var size = 1 + numberLength + VarintLength(nameLength) + nameLength + VarintLength(dateOfBirth.DayNumber)
                + VarintLength(schoolId) + VarintLength(roomId) + (2 * subjects);
            if (_current is null || _used + size > ChunkSize)
            {
                _current = new byte[ChunkSize];
                _chunks.Add(_current);
                _used = 0;
                if (_chunks.Count > 1 << (31 - OffsetBits))
                {
                    throw new InvalidOperationException("More than 2 GiB of candidates in one exam.");
                }
            }

            var position = ((_chunks.Count - 1) << OffsetBits) | _used;
            var record = _current.AsSpan(_used, size);
            var at = 0;
            record[at++] = (byte)numberLength;
            at += Encoding.UTF8.GetBytes(number, record[at..]);
            at += WriteVarint(record[at..], nameLength);
            at += Encoding.UTF8.GetBytes(fullName, record[at..]);
            at += WriteVarint(record[at..], dateOfBirth.DayNumber);
            at += WriteVarint(record[at..], schoolId);
            at += WriteVarint(record[at..], roomId);
            foreach (var score in scores)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(record[at..], score);
                at += 2;
            }

            _used += size;
            if (_count == _positions.Length)
            {
                Array.Resize(ref _positions, Math.Max(16, _positions.Length + (_positions.Length / 2)));
            }

            if (_count > 0 && _inOrder && Number(_positions[_count - 1]).SequenceCompareTo(Number(position)) >= 0)
            {
                _inOrder = false;
            }

            _positions[_count++] = position;
        }

        /// <summary>The store; throws when two candidates have the same number (the table's unique index forbids it).</summary>
        public PackedCandidates Build()
        {
            if (_current is not null && _used < ChunkSize)
            {
                _chunks[^1] = _current[.._used];
            }

            var positions = _count == _positions.Length ? _positions : _positions[.._count];
            if (!_inOrder)
            {
                positions.AsSpan().Sort((a, b) => Number(a).SequenceCompareTo(Number(b)));
                for (var i = 1; i < positions.Length; i++)
                {
                    if (Number(positions[i - 1]).SequenceEqual(Number(positions[i])))
                    {
                        throw new InvalidOperationException("Two candidates with the same number.");
                    }
                }
            }

            var chunks = _chunks.ToArray();
            var bytes = chunks.Sum(c => (long)c.Length + 24) + (4L * positions.Length) + _textBytes;
            return new PackedCandidates(chunks, positions, [.. _schools], [.. _rooms], subjects, bytes);
        }

        private ReadOnlySpan<byte> Number(int position)
        {
            var chunk = _chunks[position >> OffsetBits];
            var at = position & (ChunkSize - 1);
            return chunk.AsSpan(at + 1, chunk[at]);
        }

        private int IdOf(string text, Dictionary<string, int> ids, List<string> texts)
        {
            ArgumentNullException.ThrowIfNull(text);
            if (!ids.TryGetValue(text, out var id))
            {
                id = texts.Count;
                ids.Add(text, id);
                texts.Add(text);
                _textBytes += 32 + (2L * text.Length);
            }

            return id;
        }
    }
}

/// <summary>
/// A score of 0–10 in whole hundredths, in 16 bits with its written scale kept (8.5 stays 8.5, 8.50 stays 8.50 and
/// 1.7500000000000000 stays so, as the jsonb holds them): the hundredths in the low 11 bits, the scale above.
/// <see cref="None"/> is a missing score.
/// </summary>
public static class PackedScore
{
    public const ushort None = ushort.MaxValue;

    /// <summary>One with each scale from 0 to 28: multiplying by it adds trailing zeros.</summary>
    private static readonly decimal[] Ones =
        [.. Enumerable.Range(0, 29).Select(scale => decimal.Parse("1." + new string('0', scale), CultureInfo.InvariantCulture))];

    /// <summary>False for a score the importer and the re-grading would not write (negative, above 10, not whole hundredths).</summary>
    public static bool TryPack(decimal score, out ushort packed)
    {
        packed = None;
        var hundredths = score * 100m;
        if (decimal.IsNegative(score) || score > 10m || hundredths != decimal.Truncate(hundredths))
        {
            return false;
        }

        var candidate = (ushort)((score.Scale << 11) | (int)hundredths);
        if (Unpack(candidate) is not { } back || back != score || back.Scale != score.Scale)
        {
            return false;
        }

        packed = candidate;
        return true;
    }

    public static decimal? Unpack(ushort packed)
    {
        if (packed == None)
        {
            return null;
        }

        var hundredths = new decimal(packed & 0x7FF, 0, 0, false, 2);
        var scale = packed >> 11;
        return scale >= 2 ? hundredths * Ones[scale - 2] : decimal.Round(hundredths, scale);
    }
}
