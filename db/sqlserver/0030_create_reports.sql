-- Reports (flash, assessment, special, daily-digest). A digest belongs to no incident and is unique
-- per local day. SQL Server treats nulls as equal in a unique index, hence the filter.
create table reports (
    id uniqueidentifier primary key,
    incident_id uniqueidentifier null references incidents (id),
    kind nvarchar(50) not null,
    status nvarchar(50) not null,
    title nvarchar(200) not null,
    markdown nvarchar(max) not null,
    digest_date nvarchar(10) null,
    version integer not null,
    created_by nvarchar(200) not null,
    created_at datetimeoffset not null,
    updated_at datetimeoffset not null,
    approved_by nvarchar(200) null,
    approved_at datetimeoffset null,
    published_by nvarchar(200) null,
    published_at datetimeoffset null
);

create unique index ux_reports_kind_digest_date on reports (kind, digest_date) where digest_date is not null;
create index ix_reports_incident on reports (incident_id, created_at);
create index ix_reports_created_at on reports (created_at);

-- The departments a published report was addressed to (API.md "Involved departments").
create table report_audiences (
    report_id uniqueidentifier not null references reports (id),
    department nvarchar(200) not null references departments (code),
    primary key (report_id, department)
);

create index ix_report_audiences_department on report_audiences (department, report_id);
