-- A handoff created by a workflow's RequestHandoff activity names its instance; manual handoffs leave it null
-- (their SLA is swept by FireDueTimersJob instead of a workflow timer).
alter table handoffs add column workflow_instance_id uuid null;

create index ix_handoffs_pending_due on handoffs (status, due_at);
