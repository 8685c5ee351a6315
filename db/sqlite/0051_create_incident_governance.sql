-- The latest governance verdict per incident (issue 9, item 8: the board shows whether an
-- incident's governance meets its targets without measuring every rule on every board load).
create table incident_governance (
    incident_id text primary key references incidents (id),
    verdict text not null,
    rules integer not null,
    measured_at text not null
);
