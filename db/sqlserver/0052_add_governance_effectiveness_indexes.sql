-- Effectiveness (ADR-0014) reads a rule version's records only through aggregates. These indexes hold every
-- column those aggregates touch, so they are covering indexes over the version's range instead of a lookup of
-- each of a rule's records.
-- Strike subjects of a version, standing records first (recidivism; shadow and reversed ones are short ranges).
create index ix_governance_enforcements_version_subjects
    on governance_enforcements (rule_id, rule_version, shadow, reversed, strike_subject_type, strike_subject_id);
-- Completed educations of a version (the re-violation figure starts from these few).
create index ix_governance_enforcements_education
    on governance_enforcements (rule_id, rule_version, strike_subject_type, strike_subject_id, education_completed_at)
    where education_completed_at is not null;
-- Standing records of a subject in time order: the re-violation probe (and any active-strike count).
create index ix_governance_enforcements_standing
    on governance_enforcements (rule_id, strike_subject_type, strike_subject_id, occurred_at)
    where shadow = 0 and reversed = 0;
-- A record's time from its id: an appeal's cohort month without a key lookup per appeal.
create index ix_governance_enforcements_occurred on governance_enforcements (id) include (occurred_at);
create index ix_governance_appeals_version
    on governance_appeals (rule_id, rule_version, filed_at) include (status, decided_at, enforcement_id);
