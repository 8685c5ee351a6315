-- The timestamp of a series' first point that may raise an anomaly (after the detector's warm-up and the
-- service's settling points, ADR-0011); null while the series is still settling. Points before it are
-- shown as "settling": their scores are the detector's, but no anomaly comes of them.
alter table signal_series add column alerts_from timestamptz null;
