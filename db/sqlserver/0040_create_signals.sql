create table signal_series (
    id uniqueidentifier primary key,
    business_line nvarchar(200) not null references business_lines (code),
    category nvarchar(200) not null references categories (code),
    metric nvarchar(200) not null,
    threshold float null,
    detector_state nvarchar(max) null,
    point_count bigint not null,
    last_observed_at datetimeoffset null,
    last_value float null,
    last_score float null,
    baseline float null,
    created_at datetimeoffset not null,
    updated_at datetimeoffset not null,
    unique (business_line, category, metric)
);

create table signal_points (
    series_id uniqueidentifier not null references signal_series (id),
    observed_at datetimeoffset not null,
    value float not null,
    anomaly_score float not null,
    primary key (series_id, observed_at)
);

create index ix_signal_points_observed_at on signal_points (observed_at);

create table anomalies (
    id uniqueidentifier primary key,
    series_id uniqueidentifier not null references signal_series (id),
    fingerprint nvarchar(200) not null,
    window_start datetimeoffset not null,
    window_end datetimeoffset not null,
    peak_score float not null,
    peak_value float not null,
    baseline float null,
    point_count bigint not null,
    incident_id uniqueidentifier not null references incidents (id),
    outcome nvarchar(200) not null,
    detected_at datetimeoffset not null
);

create index ix_anomalies_fingerprint on anomalies (fingerprint, window_end);
create index ix_anomalies_incident on anomalies (incident_id);
create index ix_anomalies_detected_at on anomalies (detected_at);
