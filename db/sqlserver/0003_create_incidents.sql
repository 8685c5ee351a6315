create table incident_key_counters (
    year integer primary key,
    last_value bigint not null
);

create table incidents (
    id uniqueidentifier primary key,
    incident_key nvarchar(200) not null unique,
    title nvarchar(200) not null,
    summary nvarchar(max) not null,
    business_line nvarchar(200) not null references business_lines (code),
    category nvarchar(200) not null references categories (code),
    severity nvarchar(200) not null,
    source nvarchar(200) not null,
    status nvarchar(200) not null,
    stage nvarchar(200) not null,
    owner_department nvarchar(200) not null references departments (code),
    escalation_level integer not null default 0,
    tags nvarchar(max) not null,
    opened_by nvarchar(200) not null,
    version integer not null,
    opened_at datetimeoffset not null,
    updated_at datetimeoffset not null,
    closed_at datetimeoffset null
);

create index ix_incidents_opened_at on incidents (opened_at);
create index ix_incidents_stage on incidents (stage);

create table incident_departments (
    incident_id uniqueidentifier not null references incidents (id),
    department nvarchar(200) not null references departments (code),
    reason nvarchar(200) not null,
    added_at datetimeoffset not null,
    primary key (incident_id, department)
);

create index ix_incident_departments_department on incident_departments (department, incident_id);

create table idempotency_keys (
    username nvarchar(200) not null,
    idempotency_key nvarchar(200) not null,
    request_hash nvarchar(200) not null,
    status_code integer null,
    response nvarchar(max) null,
    created_at datetimeoffset not null,
    primary key (username, idempotency_key)
);
