-- ADR-0006: one counter row, incremented inside each writing transaction, makes seq order
-- equal commit order, so a reader that asks for "after N" never misses a later commit.
create table event_counters (
    name nvarchar(200) primary key,
    value bigint not null
);

insert into event_counters (name, value) values ('events', 0);

create table events (
    seq bigint primary key,
    incident_id uniqueidentifier not null references incidents (id),
    incident_key nvarchar(200) not null,
    type nvarchar(200) not null,
    stage nvarchar(200) not null,
    severity nvarchar(200) not null,
    actor nvarchar(200) not null,
    departments nvarchar(max) not null,
    occurred_at datetimeoffset not null,
    data nvarchar(max) not null
);

create index ix_events_incident on events (incident_id, seq);
