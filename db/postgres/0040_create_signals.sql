create table signal_series (
    id uuid primary key,
    business_line text not null references business_lines (code),
    category text not null references categories (code),
    metric text not null,
    threshold double precision null,
    detector_state text null,
    point_count bigint not null,
    last_observed_at timestamptz null,
    last_value double precision null,
    last_score double precision null,
    baseline double precision null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (business_line, category, metric)
);

create table signal_points (
    series_id uuid not null references signal_series (id),
    observed_at timestamptz not null,
    value double precision not null,
    anomaly_score double precision not null,
    primary key (series_id, observed_at)
);

create index ix_signal_points_observed_at on signal_points (observed_at);

create table anomalies (
    id uuid primary key,
    series_id uuid not null references signal_series (id),
    fingerprint text not null,
    window_start timestamptz not null,
    window_end timestamptz not null,
    peak_score double precision not null,
    peak_value double precision not null,
    baseline double precision null,
    point_count bigint not null,
    incident_id uuid not null references incidents (id),
    outcome text not null,
    detected_at timestamptz not null
);

create index ix_anomalies_fingerprint on anomalies (fingerprint, window_end);
create index ix_anomalies_incident on anomalies (incident_id);
create index ix_anomalies_detected_at on anomalies (detected_at);
