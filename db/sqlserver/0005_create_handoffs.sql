create table handoffs (
    id uniqueidentifier primary key,
    incident_id uniqueidentifier not null references incidents (id),
    from_department nvarchar(200) not null references departments (code),
    to_department nvarchar(200) not null references departments (code),
    note nvarchar(max) not null,
    status nvarchar(200) not null,
    requested_by nvarchar(200) not null,
    requested_at datetimeoffset not null,
    due_at datetimeoffset null,
    responded_at datetimeoffset null,
    responded_by nvarchar(200) null,
    response_note nvarchar(max) null,
    version integer not null
);

create index ix_handoffs_incident on handoffs (incident_id);
create index ix_handoffs_to_status on handoffs (to_department, status);
create index ix_handoffs_from_status on handoffs (from_department, status);
