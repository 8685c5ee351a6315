create table handoffs (
    id uuid primary key,
    incident_id uuid not null references incidents (id),
    from_department text not null references departments (code),
    to_department text not null references departments (code),
    note text not null,
    status text not null,
    requested_by text not null,
    requested_at timestamptz not null,
    due_at timestamptz null,
    responded_at timestamptz null,
    responded_by text null,
    response_note text null,
    version integer not null
);

create index ix_handoffs_incident on handoffs (incident_id);
create index ix_handoffs_to_status on handoffs (to_department, status);
create index ix_handoffs_from_status on handoffs (from_department, status);
