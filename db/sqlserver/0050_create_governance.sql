-- Governance (issue 9, docs/governance.md): rules with versions, enforcement records, appeals,
-- QA audits, education notices. A rule's content lives in its versions; the rule row holds the
-- identity, the latest version and the version now enforcing (shadow or live).
create table governance_rules (
    id uniqueidentifier primary key,
    rule_key nvarchar(50) not null unique,
    latest_version integer not null,
    live_version integer null,
    created_by nvarchar(200) not null,
    created_at datetimeoffset not null,
    updated_at datetimeoffset not null,
    row_version integer not null
);

create table governance_rule_versions (
    rule_id uniqueidentifier not null references governance_rules (id),
    version integer not null,
    status nvarchar(200) not null,
    name nvarchar(200) not null,
    kind nvarchar(200) not null,
    business_line nvarchar(200) not null references business_lines (code),
    category nvarchar(200) not null references categories (code),
    subject_type nvarchar(200) not null,
    characteristics nvarchar(max) not null,
    detection nvarchar(200) not null,
    owner_department nvarchar(200) not null references departments (code),
    implementing_departments nvarchar(max) not null,
    member_rule_ids nvarchar(max) not null,
    signal_series_id uniqueidentifier null references signal_series (id),
    control_series_id uniqueidentifier null references signal_series (id),
    ladder nvarchar(max) not null,
    strike_window_days integer not null,
    grave_starts_at_strike integer null,
    roll_up_to_guild bit not null,
    targets nvarchar(max) not null,
    evaluation_window_days integer not null,
    appeal_sla_hours integer not null,
    created_by nvarchar(200) not null,
    created_at datetimeoffset not null,
    updated_at datetimeoffset not null,
    submitted_at datetimeoffset null,
    approved_by nvarchar(200) null,
    approved_at datetimeoffset null,
    shadow_at datetimeoffset null,
    launched_by nvarchar(200) null,
    launched_at datetimeoffset null,
    paused_at datetimeoffset null,
    retired_at datetimeoffset null,
    superseded_by integer null,
    primary key (rule_id, version)
);

create index ix_governance_rule_versions_status on governance_rule_versions (status);

create table governance_rule_incidents (
    rule_id uniqueidentifier not null references governance_rules (id),
    incident_id uniqueidentifier not null references incidents (id),
    linked_at datetimeoffset not null,
    primary key (rule_id, incident_id)
);

create index ix_governance_rule_incidents_incident on governance_rule_incidents (incident_id, rule_id);

-- One row per enforcement decision the platform took (or would have taken, in shadow).
-- strike_subject_* is who the strike counts against (the guild when the rule rolls creators up).
create table governance_enforcements (
    id uniqueidentifier primary key,
    external_id nvarchar(200) not null unique,
    body_hash nvarchar(200) not null,
    rule_id uniqueidentifier not null references governance_rules (id),
    rule_version integer not null,
    subject_type nvarchar(200) not null,
    subject_id nvarchar(200) not null,
    guild_id nvarchar(200) null,
    strike_subject_type nvarchar(200) not null,
    strike_subject_id nvarchar(200) not null,
    occurred_at datetimeoffset not null,
    grave bit not null,
    shadow bit not null,
    strike integer not null,
    action nvarchar(200) not null,
    duration_days integer null,
    reversed bit not null,
    reversed_at datetimeoffset null,
    education_completed_at datetimeoffset null,
    automated_detection bit not null,
    automated_decision nvarchar(200) not null,
    decision_ground nvarchar(200) not null,
    dsa_category nvarchar(200) not null,
    content_type nvarchar(max) not null,
    decision_visibility nvarchar(max) null,
    decision_monetary nvarchar(200) null,
    decision_provision nvarchar(200) null,
    decision_account nvarchar(200) null,
    territorial_scope nvarchar(max) not null,
    source_type nvarchar(200) not null,
    facts nvarchar(max) not null,
    imported_by nvarchar(200) not null,
    imported_at datetimeoffset not null
);

create index ix_governance_enforcements_strikes on governance_enforcements (rule_id, strike_subject_type, strike_subject_id, occurred_at);
create index ix_governance_enforcements_rule on governance_enforcements (rule_id, rule_version, occurred_at);
create index ix_governance_enforcements_subject on governance_enforcements (subject_type, subject_id, occurred_at);

create table governance_appeals (
    id uniqueidentifier primary key,
    enforcement_id uniqueidentifier not null references governance_enforcements (id),
    rule_id uniqueidentifier not null references governance_rules (id),
    rule_version integer not null,
    statement nvarchar(max) not null,
    status nvarchar(200) not null,
    filed_at datetimeoffset not null,
    filed_by nvarchar(200) not null,
    due_at datetimeoffset not null,
    reviewing_department nvarchar(200) not null references departments (code),
    decided_at datetimeoffset null,
    decided_by nvarchar(200) null,
    reason nvarchar(max) null,
    version integer not null
);

create index ix_governance_appeals_rule on governance_appeals (rule_id, rule_version, status);
create index ix_governance_appeals_status_due on governance_appeals (status, due_at);
create index ix_governance_appeals_enforcement on governance_appeals (enforcement_id);
create index ix_governance_appeals_filed_at on governance_appeals (rule_id, filed_at);

create table governance_audits (
    id uniqueidentifier primary key,
    rule_id uniqueidentifier not null references governance_rules (id),
    rule_version integer not null,
    kind nvarchar(200) not null,
    sample_size integer not null,
    violating integer not null,
    population bigint null,
    created_by nvarchar(200) not null,
    created_at datetimeoffset not null
);

create index ix_governance_audits_rule on governance_audits (rule_id, rule_version, kind);

create table governance_audit_items (
    audit_id uniqueidentifier not null references governance_audits (id),
    position integer not null,
    item_ref nvarchar(200) not null,
    violating bit not null,
    primary key (audit_id, position)
);

-- Market education campaigns and every notice sent to a subject (education or an appeal decision).
create table governance_campaigns (
    id uniqueidentifier primary key,
    rule_id uniqueidentifier not null references governance_rules (id),
    rule_version integer not null,
    template nvarchar(200) not null,
    segment nvarchar(max) not null,
    language nvarchar(200) not null,
    recipients integer not null,
    created_by nvarchar(200) not null,
    created_at datetimeoffset not null
);

create index ix_governance_campaigns_rule on governance_campaigns (rule_id, created_at);

create table governance_notices (
    id uniqueidentifier primary key,
    rule_id uniqueidentifier not null references governance_rules (id),
    campaign_id uniqueidentifier null references governance_campaigns (id),
    appeal_id uniqueidentifier null references governance_appeals (id),
    kind nvarchar(200) not null,
    recipient_type nvarchar(200) not null,
    recipient_id nvarchar(200) not null,
    language nvarchar(200) not null,
    title nvarchar(200) not null,
    body nvarchar(max) not null,
    delivery_status nvarchar(200) not null,
    attempts integer not null,
    delivered_at datetimeoffset null,
    error nvarchar(max) null,
    created_at datetimeoffset not null
);

create index ix_governance_notices_rule on governance_notices (rule_id, created_at);
create index ix_governance_notices_recipient on governance_notices (recipient_type, recipient_id);
create index ix_governance_notices_status on governance_notices (delivery_status, created_at);
create index ix_governance_notices_campaign on governance_notices (campaign_id);

create table governance_key_counters (
    year integer primary key,
    last_value bigint not null
);
