-- Series that were past the default settling period (300 points) before 0041 alert from their earliest
-- stored point; the service sets alerts_from itself for series that reach it from now on.
update signal_series
set alerts_from = (select min(p.observed_at) from signal_points p where p.series_id = signal_series.id)
where alerts_from is null
    and point_count > 300;
