-- Issue 10 items 1 and 3: the incident's lead (the opener until handed over), assignees of open workflow tasks
-- (a task is an action bookmark; its assignees outlive it as history), and structured status updates.
alter table incidents add lead_username nvarchar(200) not null default '';
-- exec: the batch is compiled before the column exists.
exec('update incidents set lead_username = opened_by');

create table task_assignees (
    task_id uniqueidentifier not null,
    incident_id uniqueidentifier not null references incidents (id),
    username nvarchar(200) not null references users (username),
    assigned_by nvarchar(200) not null,
    assigned_at datetimeoffset not null,
    primary key (task_id, username)
);

create index ix_task_assignees_username on task_assignees (username, incident_id);
create index ix_task_assignees_incident on task_assignees (incident_id);

create table incident_status_updates (
    id uniqueidentifier primary key,
    incident_id uniqueidentifier not null references incidents (id),
    status nvarchar(200) not null,
    impact nvarchar(max) not null,
    posted_by nvarchar(200) not null,
    posted_at datetimeoffset not null,
    next_update_due_at datetimeoffset null,
    reminded_at datetimeoffset null
);

create index ix_incident_status_updates_incident on incident_status_updates (incident_id, posted_at);
create index ix_incident_status_updates_due on incident_status_updates (next_update_due_at) where reminded_at is null;
