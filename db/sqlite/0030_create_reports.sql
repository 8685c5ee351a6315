-- Reports (flash, assessment, special, daily-digest). A digest belongs to no incident and is unique
-- per local day: (kind, digest_date) is unique; other kinds leave digest_date null (nulls are distinct).
create table reports (
    id text primary key,
    incident_id text null references incidents (id),
    kind text not null,
    status text not null,
    title text not null,
    markdown text not null,
    digest_date text null,
    version integer not null,
    created_by text not null,
    created_at text not null,
    updated_at text not null,
    approved_by text null,
    approved_at text null,
    published_by text null,
    published_at text null
);

create unique index ux_reports_kind_digest_date on reports (kind, digest_date);
create index ix_reports_incident on reports (incident_id, created_at);
create index ix_reports_created_at on reports (created_at);

-- The departments a published report was addressed to (API.md "Involved departments").
create table report_audiences (
    report_id text not null references reports (id),
    department text not null references departments (code),
    primary key (report_id, department)
);

create index ix_report_audiences_department on report_audiences (department, report_id);
