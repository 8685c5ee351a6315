-- Governance (issue 9, docs/governance.md): rules with versions, enforcement records, appeals,
-- QA audits, education notices. A rule's content lives in its versions; the rule row holds the
-- identity, the latest version and the version now enforcing (shadow or live).
create table governance_rules (
    id uuid primary key,
    rule_key text not null unique,
    latest_version integer not null,
    live_version integer null,
    created_by text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    row_version integer not null
);

create table governance_rule_versions (
    rule_id uuid not null references governance_rules (id),
    version integer not null,
    status text not null,
    name text not null,
    kind text not null,
    business_line text not null references business_lines (code),
    category text not null references categories (code),
    subject_type text not null,
    characteristics text not null,
    detection text not null,
    owner_department text not null references departments (code),
    implementing_departments text not null,
    member_rule_ids text not null,
    signal_series_id uuid null references signal_series (id),
    control_series_id uuid null references signal_series (id),
    ladder text not null,
    strike_window_days integer not null,
    grave_starts_at_strike integer null,
    roll_up_to_guild boolean not null,
    targets text not null,
    evaluation_window_days integer not null,
    appeal_sla_hours integer not null,
    created_by text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    submitted_at timestamptz null,
    approved_by text null,
    approved_at timestamptz null,
    shadow_at timestamptz null,
    launched_by text null,
    launched_at timestamptz null,
    paused_at timestamptz null,
    retired_at timestamptz null,
    superseded_by integer null,
    primary key (rule_id, version)
);

create index ix_governance_rule_versions_status on governance_rule_versions (status);

create table governance_rule_incidents (
    rule_id uuid not null references governance_rules (id),
    incident_id uuid not null references incidents (id),
    linked_at timestamptz not null,
    primary key (rule_id, incident_id)
);

create index ix_governance_rule_incidents_incident on governance_rule_incidents (incident_id, rule_id);

-- One row per enforcement decision the platform took (or would have taken, in shadow).
-- strike_subject_* is who the strike counts against (the guild when the rule rolls creators up).
create table governance_enforcements (
    id uuid primary key,
    external_id text not null unique,
    body_hash text not null,
    rule_id uuid not null references governance_rules (id),
    rule_version integer not null,
    subject_type text not null,
    subject_id text not null,
    guild_id text null,
    strike_subject_type text not null,
    strike_subject_id text not null,
    occurred_at timestamptz not null,
    grave boolean not null,
    shadow boolean not null,
    strike integer not null,
    action text not null,
    duration_days integer null,
    reversed boolean not null,
    reversed_at timestamptz null,
    education_completed_at timestamptz null,
    automated_detection boolean not null,
    automated_decision text not null,
    decision_ground text not null,
    dsa_category text not null,
    content_type text not null,
    decision_visibility text null,
    decision_monetary text null,
    decision_provision text null,
    decision_account text null,
    territorial_scope text not null,
    source_type text not null,
    facts text not null,
    imported_by text not null,
    imported_at timestamptz not null
);

create index ix_governance_enforcements_strikes on governance_enforcements (rule_id, strike_subject_type, strike_subject_id, occurred_at);
create index ix_governance_enforcements_rule on governance_enforcements (rule_id, rule_version, occurred_at);
create index ix_governance_enforcements_subject on governance_enforcements (subject_type, subject_id, occurred_at);

create table governance_appeals (
    id uuid primary key,
    enforcement_id uuid not null references governance_enforcements (id),
    rule_id uuid not null references governance_rules (id),
    rule_version integer not null,
    statement text not null,
    status text not null,
    filed_at timestamptz not null,
    filed_by text not null,
    due_at timestamptz not null,
    reviewing_department text not null references departments (code),
    decided_at timestamptz null,
    decided_by text null,
    reason text null,
    version integer not null
);

create index ix_governance_appeals_rule on governance_appeals (rule_id, rule_version, status);
create index ix_governance_appeals_status_due on governance_appeals (status, due_at);
create index ix_governance_appeals_enforcement on governance_appeals (enforcement_id);
create index ix_governance_appeals_filed_at on governance_appeals (rule_id, filed_at);

create table governance_audits (
    id uuid primary key,
    rule_id uuid not null references governance_rules (id),
    rule_version integer not null,
    kind text not null,
    sample_size integer not null,
    violating integer not null,
    population bigint null,
    created_by text not null,
    created_at timestamptz not null
);

create index ix_governance_audits_rule on governance_audits (rule_id, rule_version, kind);

create table governance_audit_items (
    audit_id uuid not null references governance_audits (id),
    position integer not null,
    item_ref text not null,
    violating boolean not null,
    primary key (audit_id, position)
);

-- Market education campaigns and every notice sent to a subject (education or an appeal decision).
create table governance_campaigns (
    id uuid primary key,
    rule_id uuid not null references governance_rules (id),
    rule_version integer not null,
    template text not null,
    segment text not null,
    language text not null,
    recipients integer not null,
    created_by text not null,
    created_at timestamptz not null
);

create index ix_governance_campaigns_rule on governance_campaigns (rule_id, created_at);

create table governance_notices (
    id uuid primary key,
    rule_id uuid not null references governance_rules (id),
    campaign_id uuid null references governance_campaigns (id),
    appeal_id uuid null references governance_appeals (id),
    kind text not null,
    recipient_type text not null,
    recipient_id text not null,
    language text not null,
    title text not null,
    body text not null,
    delivery_status text not null,
    attempts integer not null,
    delivered_at timestamptz null,
    error text null,
    created_at timestamptz not null
);

create index ix_governance_notices_rule on governance_notices (rule_id, created_at);
create index ix_governance_notices_recipient on governance_notices (recipient_type, recipient_id);
create index ix_governance_notices_status on governance_notices (delivery_status, created_at);
create index ix_governance_notices_campaign on governance_notices (campaign_id);

create table governance_key_counters (
    year integer primary key,
    last_value bigint not null
);
