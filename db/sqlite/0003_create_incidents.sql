create table incident_key_counters (
    year integer primary key,
    last_value integer not null
);

create table incidents (
    id text primary key,
    incident_key text not null unique,
    title text not null,
    summary text not null,
    business_line text not null references business_lines (code),
    category text not null references categories (code),
    severity text not null,
    source text not null,
    status text not null,
    stage text not null,
    owner_department text not null references departments (code),
    escalation_level integer not null default 0,
    tags text not null,
    opened_by text not null,
    version integer not null,
    opened_at text not null,
    updated_at text not null,
    closed_at text null
);

create index ix_incidents_opened_at on incidents (opened_at);
create index ix_incidents_stage on incidents (stage);

create table incident_departments (
    incident_id text not null references incidents (id),
    department text not null references departments (code),
    reason text not null,
    added_at text not null,
    primary key (incident_id, department)
);

create index ix_incident_departments_department on incident_departments (department, incident_id);

create table idempotency_keys (
    username text not null,
    idempotency_key text not null,
    request_hash text not null,
    status_code integer null,
    response text null,
    created_at text not null,
    primary key (username, idempotency_key)
);
