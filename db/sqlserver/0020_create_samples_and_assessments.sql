create table incident_samples (
    incident_id uniqueidentifier not null references incidents (id),
    external_id nvarchar(200) not null,
    text nvarchar(max) not null,
    url nvarchar(2000) null,
    tags nvarchar(max) not null,
    metrics nvarchar(max) not null,
    added_by nvarchar(200) not null,
    added_at datetimeoffset not null,
    primary key (incident_id, external_id)
);

create table sample_cluster_runs (
    id uniqueidentifier primary key,
    incident_id uniqueidentifier not null references incidents (id),
    k integer not null,
    k_chosen_automatically bit not null,
    silhouette float not null,
    sample_count integer not null,
    clusters nvarchar(max) not null,
    created_by nvarchar(200) not null,
    created_at datetimeoffset not null
);

create index ix_sample_cluster_runs_incident on sample_cluster_runs (incident_id, created_at);

create table incident_assessments (
    id uniqueidentifier primary key,
    incident_id uniqueidentifier not null references incidents (id),
    input nvarchar(max) not null,
    risk_score float not null,
    suggested_severity nvarchar(200) not null,
    explanation nvarchar(max) not null,
    created_by nvarchar(200) not null,
    created_at datetimeoffset not null
);

create index ix_incident_assessments_incident on incident_assessments (incident_id, created_at);
