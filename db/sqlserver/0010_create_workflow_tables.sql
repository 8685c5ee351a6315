-- Workflow engine (Incident.Workflows). One batch, no GO: the runner executes the file as one command.
create table workflow_definitions (
    definition_id nvarchar(200) not null,
    version int not null,
    name nvarchar(400) not null,
    status nvarchar(20) not null check (status in ('draft', 'published')),
    document nvarchar(max) not null,
    format nvarchar(10) not null check (format in ('yaml', 'json')),
    created_at datetimeoffset not null,
    published_at datetimeoffset null,
    constraint pk_workflow_definitions primary key (definition_id, version)
);

create table workflow_instances (
    id uniqueidentifier not null constraint pk_workflow_instances primary key,
    definition_id nvarchar(200) not null,
    definition_version int not null,
    correlation_id nvarchar(200) not null,
    status nvarchar(20) not null check (status in ('running', 'suspended', 'finished', 'faulted', 'cancelled')),
    variables nvarchar(max) not null,
    state nvarchar(max) not null,
    version int not null,
    created_at datetimeoffset not null,
    updated_at datetimeoffset not null,
    finished_at datetimeoffset null,
    constraint fk_workflow_instances_definition foreign key (definition_id, definition_version) references workflow_definitions (definition_id, version)
);

-- one active instance per correlation id (finished and cancelled instances set finished_at)
create unique index ux_workflow_instances_active_correlation on workflow_instances (correlation_id) where finished_at is null;
create index ix_workflow_instances_correlation on workflow_instances (correlation_id);

create table workflow_bookmarks (
    id uniqueidentifier not null constraint pk_workflow_bookmarks primary key,
    instance_id uniqueidentifier not null constraint fk_workflow_bookmarks_instance references workflow_instances (id),
    activity_id nvarchar(200) not null,
    name nvarchar(200) not null,
    hash nvarchar(64) not null,
    payload nvarchar(max) null,
    due_at datetimeoffset null,
    metadata nvarchar(max) null,
    created_at datetimeoffset not null
);

create index ix_workflow_bookmarks_instance on workflow_bookmarks (instance_id);
create index ix_workflow_bookmarks_hash on workflow_bookmarks (hash);
create index ix_workflow_bookmarks_due_at on workflow_bookmarks (due_at) where due_at is not null;

create table workflow_journal (
    id uniqueidentifier not null constraint pk_workflow_journal primary key,
    instance_id uniqueidentifier not null constraint fk_workflow_journal_instance references workflow_instances (id),
    seq int not null,
    activity_id nvarchar(200) not null,
    activity_type nvarchar(100) not null,
    outcome nvarchar(400) null,
    occurred_at datetimeoffset not null,
    constraint uq_workflow_journal_seq unique (instance_id, seq)
);

create table workflow_faults (
    id uniqueidentifier not null constraint pk_workflow_faults primary key,
    instance_id uniqueidentifier not null constraint fk_workflow_faults_instance references workflow_instances (id),
    activity_id nvarchar(200) not null,
    message nvarchar(max) not null,
    occurred_at datetimeoffset not null,
    resolved_at datetimeoffset null
);

create index ix_workflow_faults_instance on workflow_faults (instance_id);
