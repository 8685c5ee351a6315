-- Effectiveness (ADR-0014) reads a rule version's records only through aggregates. These indexes hold every
-- column those aggregates touch, so they run as index-only scans over the version's range instead of
-- visiting each of a rule's (possibly millions of) records.
create index ix_governance_enforcements_version_subjects
    on governance_enforcements (rule_id, rule_version, shadow, reversed, strike_subject_type, strike_subject_id);
create index ix_governance_enforcements_education
    on governance_enforcements (rule_id, rule_version, strike_subject_type, strike_subject_id, education_completed_at)
    where education_completed_at is not null;
create index ix_governance_appeals_version
    on governance_appeals (rule_id, rule_version, filed_at) include (status, decided_at, enforcement_id);
