using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Units;

namespace Services.Data.Transfers;

/// <summary>
/// One grade of a school as its administrator states it: how many classes, how many pupils now, and how many places
/// in all. The receiving school's staff see it when they decide on a transfer into that grade.
/// </summary>
public sealed class SchoolGradeCapacity
{
    public Guid UnitId { get; set; }
    public int Grade { get; set; }
    public int Classes { get; set; }
    public int Pupils { get; set; }
    public int Capacity { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedBy { get; set; }

    /// <summary>Places left (never below zero).</summary>
    public int FreePlaces => Math.Max(0, Capacity - Pupils);
}

internal sealed class SchoolGradeCapacityConfiguration : IEntityTypeConfiguration<SchoolGradeCapacity>
{
    public void Configure(EntityTypeBuilder<SchoolGradeCapacity> capacity)
    {
        capacity.ToTable("school_grade_capacities");
        capacity.HasKey(c => new { c.UnitId, c.Grade });
        capacity.Ignore(c => c.FreePlaces);
        capacity.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
