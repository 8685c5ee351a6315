-- Issue 10 items 1 and 3: the incident's lead (the opener until handed over), assignees of open workflow tasks
-- (a task is an action bookmark; its assignees outlive it as history), and structured status updates.
alter table incidents add column lead_username text not null default '';
update incidents set lead_username = opened_by;

create table task_assignees (
    task_id text not null,
    incident_id text not null references incidents (id),
    username text not null references users (username),
    assigned_by text not null,
    assigned_at text not null,
    primary key (task_id, username)
);

create index ix_task_assignees_username on task_assignees (username, incident_id);
create index ix_task_assignees_incident on task_assignees (incident_id);

create table incident_status_updates (
    id text primary key,
    incident_id text not null references incidents (id),
    status text not null,
    impact text not null,
    posted_by text not null,
    posted_at text not null,
    next_update_due_at text null,
    reminded_at text null
);

create index ix_incident_status_updates_incident on incident_status_updates (incident_id, posted_at);
create index ix_incident_status_updates_due on incident_status_updates (next_update_due_at) where reminded_at is null;
