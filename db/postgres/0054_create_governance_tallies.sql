-- Effectiveness tallies (ADR-0016). A rule's effectiveness reads its record counts from these rows instead of
-- grouping its (possibly millions of) enforcement records on every request: the enforcement store keeps them
-- in the same transaction as each import, reversal and education completion. 0055 fills them.

-- One row per rule version and strike subject: its records by kind, its completed educations, and whether one
-- of those completions was followed, within the version's strike window, by another standing record of the rule.
create table governance_subject_tallies (
    rule_id uuid not null references governance_rules (id),
    rule_version integer not null,
    strike_subject_type text not null,
    strike_subject_id text not null,
    standing integer not null,
    reversed integer not null,
    shadow integer not null,
    shadow_reversed integer not null,
    completions integer not null,
    reviolated boolean not null,
    primary key (rule_id, rule_version, strike_subject_type, strike_subject_id)
);

-- The educated subjects of a version (the re-violation figure), and of a rule by subject (its recount).
create index ix_governance_subject_tallies_educated
    on governance_subject_tallies (rule_id, rule_version) include (completions, reviolated)
    where completions > 0;
create index ix_governance_subject_tallies_subject
    on governance_subject_tallies (rule_id, strike_subject_id)
    where completions > 0;

-- One row per rule version: the sums of its subject tallies, and how many subjects stand at one or more records.
create table governance_version_tallies (
    rule_id uuid not null references governance_rules (id),
    rule_version integer not null,
    standing bigint not null,
    reversed bigint not null,
    shadow bigint not null,
    shadow_reversed bigint not null,
    subjects bigint not null,
    repeat_subjects bigint not null,
    primary key (rule_id, rule_version)
);

-- An appeal keeps its record's time (it never changes), so the appeal cohorts need no join to the records.
alter table governance_appeals add column enforcement_occurred_at timestamptz null;
