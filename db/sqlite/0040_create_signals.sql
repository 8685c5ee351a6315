create table signal_series (
    id text primary key,
    business_line text not null references business_lines (code),
    category text not null references categories (code),
    metric text not null,
    threshold real null,
    detector_state text null,
    point_count integer not null,
    last_observed_at text null,
    last_value real null,
    last_score real null,
    baseline real null,
    created_at text not null,
    updated_at text not null,
    unique (business_line, category, metric)
);

create table signal_points (
    series_id text not null references signal_series (id),
    observed_at text not null,
    value real not null,
    anomaly_score real not null,
    primary key (series_id, observed_at)
);

create index ix_signal_points_observed_at on signal_points (observed_at);

create table anomalies (
    id text primary key,
    series_id text not null references signal_series (id),
    fingerprint text not null,
    window_start text not null,
    window_end text not null,
    peak_score real not null,
    peak_value real not null,
    baseline real null,
    point_count integer not null,
    incident_id text not null references incidents (id),
    outcome text not null,
    detected_at text not null
);

create index ix_anomalies_fingerprint on anomalies (fingerprint, window_end);
create index ix_anomalies_incident on anomalies (incident_id);
create index ix_anomalies_detected_at on anomalies (detected_at);
