create table incident_samples (
    incident_id text not null references incidents (id),
    external_id text not null,
    text text not null,
    url text null,
    tags text not null,
    metrics text not null,
    added_by text not null,
    added_at text not null,
    primary key (incident_id, external_id)
);

create table sample_cluster_runs (
    id text primary key,
    incident_id text not null references incidents (id),
    k integer not null,
    k_chosen_automatically integer not null,
    silhouette real not null,
    sample_count integer not null,
    clusters text not null,
    created_by text not null,
    created_at text not null
);

create index ix_sample_cluster_runs_incident on sample_cluster_runs (incident_id, created_at);

create table incident_assessments (
    id text primary key,
    incident_id text not null references incidents (id),
    input text not null,
    risk_score real not null,
    suggested_severity text not null,
    explanation text not null,
    created_by text not null,
    created_at text not null
);

create index ix_incident_assessments_incident on incident_assessments (incident_id, created_at);
