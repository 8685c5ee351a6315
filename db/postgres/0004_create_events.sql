-- ADR-0006: one counter row, incremented inside each writing transaction, makes seq order
-- equal commit order, so a reader that asks for "after N" never misses a later commit.
create table event_counters (
    name text primary key,
    value bigint not null
);

insert into event_counters (name, value) values ('events', 0);

create table events (
    seq bigint primary key,
    incident_id uuid not null references incidents (id),
    incident_key text not null,
    type text not null,
    stage text not null,
    severity text not null,
    actor text not null,
    departments text not null,
    occurred_at timestamptz not null,
    data text not null
);

create index ix_events_incident on events (incident_id, seq);
