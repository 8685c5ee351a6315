-- Workflow engine (Incident.Workflows).
create table workflow_definitions (
    definition_id text not null,
    version integer not null,
    name text not null,
    status text not null check (status in ('draft', 'published')),
    document text not null,
    format text not null check (format in ('yaml', 'json')),
    created_at timestamptz not null,
    published_at timestamptz null,
    primary key (definition_id, version)
);

create table workflow_instances (
    id uuid not null primary key,
    definition_id text not null,
    definition_version integer not null,
    correlation_id text not null,
    status text not null check (status in ('running', 'suspended', 'finished', 'faulted', 'cancelled')),
    variables text not null,
    state text not null,
    version integer not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    finished_at timestamptz null,
    foreign key (definition_id, definition_version) references workflow_definitions (definition_id, version)
);

-- one active instance per correlation id (finished and cancelled instances set finished_at)
create unique index ux_workflow_instances_active_correlation on workflow_instances (correlation_id) where finished_at is null;
create index ix_workflow_instances_correlation on workflow_instances (correlation_id);

create table workflow_bookmarks (
    id uuid not null primary key,
    instance_id uuid not null references workflow_instances (id),
    activity_id text not null,
    name text not null,
    hash text not null,
    payload text null,
    due_at timestamptz null,
    metadata text null,
    created_at timestamptz not null
);

create index ix_workflow_bookmarks_instance on workflow_bookmarks (instance_id);
create index ix_workflow_bookmarks_hash on workflow_bookmarks (hash);
create index ix_workflow_bookmarks_due_at on workflow_bookmarks (due_at) where due_at is not null;

create table workflow_journal (
    id uuid not null primary key,
    instance_id uuid not null references workflow_instances (id),
    seq integer not null,
    activity_id text not null,
    activity_type text not null,
    outcome text null,
    occurred_at timestamptz not null,
    unique (instance_id, seq)
);

create table workflow_faults (
    id uuid not null primary key,
    instance_id uuid not null references workflow_instances (id),
    activity_id text not null,
    message text not null,
    occurred_at timestamptz not null,
    resolved_at timestamptz null
);

create index ix_workflow_faults_instance on workflow_faults (instance_id);
