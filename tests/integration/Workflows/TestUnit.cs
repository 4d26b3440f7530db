using Npgsql;
using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>A school with two staff members and one leader, created fresh by each test that needs one.</summary>
public sealed record TestUnit(Guid Id, Guid StaffA, Guid StaffB, string LeaderEmail)
{
    public Actor ActorA => new(StaffA, PortalRole.Staff, Id, "10.0.0.1", "Nguyễn Văn An");
    public Actor ActorB => new(StaffB, PortalRole.Staff, Id, "10.0.0.2", "Trần Thị Bình");

    public static async Task<TestUnit> CreateAsync(NpgsqlDataSource dataSource)
    {
        var unit = new TestUnit(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"hieutruong-{Guid.NewGuid():N}@school.test");
        await using var batch = dataSource.CreateBatch();
        void Add(string sql, params object[] values)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            batch.BatchCommands.Add(command);
        }

        Add("INSERT INTO units (id, slug, name_vi, name_en, kind, address, phone, email, created_at) VALUES ($1, $2, 'Trường thử', 'Test school', 'PrimarySchool', '', '', '', now())",
            unit.Id, $"t-{unit.Id:N}");
        foreach (var (user, name) in new[] { (unit.StaffA, "Nguyễn Văn An"), (unit.StaffB, "Trần Thị Bình") })
        {
            Add("INSERT INTO users (id, full_name, created_at, user_name, email, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count) " +
                "VALUES ($1, $2, now(), $3, $4, true, false, false, false, 0)", user, name, $"u{user:N}", $"u{user:N}@school.test");
            Add("INSERT INTO unit_memberships (id, user_id, unit_id, role, granted_at) VALUES ($1, $2, $3, 'Staff', now())", Guid.NewGuid(), user, unit.Id);
        }

        Add("INSERT INTO unit_leaders (id, unit_id, name, title_vi, title_en, phone, email, duties_vi, sort_order) VALUES ($1, $2, 'Lê Văn Cường', 'Hiệu trưởng', 'Principal', '', $3, '', 0)",
            Guid.NewGuid(), unit.Id, unit.LeaderEmail);
        await batch.ExecuteNonQueryAsync();
        return unit;
    }
}
