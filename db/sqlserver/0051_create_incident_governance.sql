-- The latest governance verdict per incident (issue 9, item 8: the board shows whether an
-- incident's governance meets its targets without measuring every rule on every board load).
create table incident_governance (
    incident_id uniqueidentifier primary key references incidents (id),
    verdict nvarchar(20) not null,
    rules integer not null,
    measured_at datetimeoffset not null
);
