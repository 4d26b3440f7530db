using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Services.Data.Catalogue;
using Services.Data.Dossiers;
using Services.Data.Exams;
using Services.Data.GenericForms;
using Services.Data.Identity;
using Services.Data.Units;
using Services.Data.Workflows;

namespace Services.Data;

/// <summary>
/// The portal's database. Migrations are SQL files under <c>Migrations/</c> (see
/// docs/decisions/0002-sql-migrations.md): to add one, print the model's schema with
/// <c>dotnet src/Services.Web/bin/Release/net10.0/Services.Web.dll schema</c>, write the difference as
/// <c>Migrations/&lt;timestamp&gt;_&lt;Name&gt;.sql</c> with a matching <see cref="SqlFileMigration"/> class, and run the
/// integration test <c>MigrationsMatchTheModel</c>, which fails while the two disagree.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityUserContext<PortalUser, Guid>(options)
{
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<UnitLeader> UnitLeaders => Set<UnitLeader>();
    public DbSet<UnitLogo> UnitLogos => Set<UnitLogo>();
    public DbSet<UnitMembership> UnitMemberships => Set<UnitMembership>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Security.ThrottleCounter> ThrottleCounters => Set<Security.ThrottleCounter>();
    public DbSet<OnlineForm> OnlineForms => Set<OnlineForm>();
    public DbSet<Dossier> Dossiers => Set<Dossier>();
    public DbSet<DossierDataVersion> DossierDataVersions => Set<DossierDataVersion>();
    public DbSet<DossierDraft> DossierDrafts => Set<DossierDraft>();
    public DbSet<GenericFormDossier> GenericFormDossiers => Set<GenericFormDossier>();
    public DbSet<WorkflowInstance> WorkflowInstances => Set<WorkflowInstance>();
    public DbSet<WorkflowProcessedEvent> WorkflowProcessedEvents => Set<WorkflowProcessedEvent>();
    public DbSet<WorkflowTask> WorkflowTasks => Set<WorkflowTask>();
    public DbSet<WorkflowTimer> WorkflowTimers => Set<WorkflowTimer>();
    public DbSet<WorkflowBranch> WorkflowBranches => Set<WorkflowBranch>();
    public DbSet<WorkflowBatchRaise> WorkflowBatchRaises => Set<WorkflowBatchRaise>();
    public DbSet<WorkflowVersionRecord> WorkflowVersions => Set<WorkflowVersionRecord>();
    public DbSet<WorkflowIncident> WorkflowIncidents => Set<WorkflowIncident>();
    public DbSet<JournalEntry> WorkflowJournal => Set<JournalEntry>();
    public DbSet<JournalCheckpoint> JournalCheckpoints => Set<JournalCheckpoint>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<OutboxDiscard> OutboxDiscards => Set<OutboxDiscard>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Holiday> Holidays => Set<Holiday>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<Search.SearchChange> SearchChanges => Set<Search.SearchChange>();
    public DbSet<ProcedureForm> ProcedureForms => Set<ProcedureForm>();
    public DbSet<Exam> Exams => Set<Exam>();
    public DbSet<ExamCandidate> ExamCandidates => Set<ExamCandidate>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    // content (issue 14)
    public DbSet<Content.ContentItem> ContentItems => Set<Content.ContentItem>();
    public DbSet<Content.ContentVersion> ContentVersions => Set<Content.ContentVersion>();
    public DbSet<Content.ContentImage> ContentImages => Set<Content.ContentImage>();
    public DbSet<Content.YearbookEntry> YearbookEntries => Set<Content.YearbookEntry>();
    public DbSet<Content.ParentFeed> ParentFeeds => Set<Content.ParentFeed>();
    public DbSet<Content.ParentFeedItem> ParentFeedItems => Set<Content.ParentFeedItem>();
    public DbSet<ExamRegrade> ExamRegrades => Set<ExamRegrade>();
    public DbSet<ExamScoreChange> ExamScoreChanges => Set<ExamScoreChange>();
    public DbSet<ExamResultChange> ExamResultChanges => Set<ExamResultChange>();
    // certs (issue 12): revocations and corrections of certificates.
    public DbSet<CertificateChange> CertificateChanges => Set<CertificateChange>();
    public DbSet<Admissions.AdmissionCampaign> AdmissionCampaigns => Set<Admissions.AdmissionCampaign>();
    public DbSet<Admissions.AdmissionSchool> AdmissionSchools => Set<Admissions.AdmissionSchool>();
    public DbSet<Admissions.AdmissionApplication> AdmissionApplications => Set<Admissions.AdmissionApplication>();
    // consult (issue 13): public consultations.
    public DbSet<Consultations.Consultation> Consultations => Set<Consultations.Consultation>();
    public DbSet<Consultations.ConsultationComment> ConsultationComments => Set<Consultations.ConsultationComment>();
    public DbSet<Consultations.ConsultationAttachment> ConsultationAttachments => Set<Consultations.ConsultationAttachment>();
    // examsapi (issue 12): machine clients of the import API (ADR 0022).
    public DbSet<ApiClients.ApiClient> ApiClients => Set<ApiClients.ApiClient>();
    // transfers (issue 13): each school's grades, shown to the receiving school's staff.
    public DbSet<Transfers.SchoolGradeCapacity> SchoolGradeCapacities => Set<Transfers.SchoolGradeCapacity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<PortalUser>().ToTable("users");
        builder.Entity<PortalUser>().Property(u => u.FullName).HasMaxLength(200);
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        SnakeCaseNames.Apply(builder);
    }
}
