-- Effectiveness tallies (ADR-0016). A rule's effectiveness reads its record counts from these rows instead of
-- grouping its (possibly millions of) enforcement records on every request: the enforcement store keeps them
-- in the same transaction as each import, reversal and education completion.

-- One row per rule version and strike subject: its records by kind, its completed educations, and whether one
-- of those completions was followed, within the version's strike window, by another standing record of the rule.
create table governance_subject_tallies (
    rule_id text not null references governance_rules (id),
    rule_version integer not null,
    strike_subject_type text not null,
    strike_subject_id text not null,
    standing integer not null,
    reversed integer not null,
    shadow integer not null,
    shadow_reversed integer not null,
    completions integer not null,
    reviolated integer not null,
    primary key (rule_id, rule_version, strike_subject_type, strike_subject_id)
);

-- The educated subjects of a version (the re-violation figure), and of a rule by subject (its recount).
create index ix_governance_subject_tallies_educated
    on governance_subject_tallies (rule_id, rule_version, completions, reviolated)
    where completions > 0;
create index ix_governance_subject_tallies_subject
    on governance_subject_tallies (rule_id, strike_subject_id)
    where completions > 0;

-- One row per rule version: the sums of its subject tallies, and how many subjects stand at one or more records.
create table governance_version_tallies (
    rule_id text not null references governance_rules (id),
    rule_version integer not null,
    standing integer not null,
    reversed integer not null,
    shadow integer not null,
    shadow_reversed integer not null,
    subjects integer not null,
    repeat_subjects integer not null,
    primary key (rule_id, rule_version)
);

-- An appeal keeps its record's time (it never changes), so the appeal cohorts need no join to the records.
-- SQLite cannot make an added column not null without a default; the appeal store always writes it.
alter table governance_appeals add column enforcement_occurred_at text null;
update governance_appeals
set enforcement_occurred_at = (select e.occurred_at from governance_enforcements e where e.id = governance_appeals.enforcement_id);
drop index ix_governance_appeals_version;
create index ix_governance_appeals_version
    on governance_appeals (rule_id, rule_version, filed_at, status, decided_at, enforcement_id, enforcement_occurred_at);

-- The tallies of the records already stored.
insert into governance_subject_tallies (
    rule_id, rule_version, strike_subject_type, strike_subject_id, standing, reversed, shadow, shadow_reversed, completions, reviolated)
select e.rule_id, e.rule_version, e.strike_subject_type, e.strike_subject_id,
    sum(case when e.shadow = 0 and e.reversed = 0 then 1 else 0 end),
    sum(case when e.shadow = 0 and e.reversed = 1 then 1 else 0 end),
    sum(case when e.shadow = 1 then 1 else 0 end),
    sum(case when e.shadow = 1 and e.reversed = 1 then 1 else 0 end),
    sum(case when e.education_completed_at is not null then 1 else 0 end),
    0
from governance_enforcements e
group by e.rule_id, e.rule_version, e.strike_subject_type, e.strike_subject_id;

update governance_subject_tallies
set reviolated = 1
where completions > 0
    and exists (
        select 1
        from governance_enforcements c
        join governance_rule_versions v on v.rule_id = c.rule_id and v.version = c.rule_version
        where c.rule_id = governance_subject_tallies.rule_id
            and c.rule_version = governance_subject_tallies.rule_version
            and c.strike_subject_type = governance_subject_tallies.strike_subject_type
            and c.strike_subject_id = governance_subject_tallies.strike_subject_id
            and c.education_completed_at is not null
            and exists (
                select 1
                from governance_enforcements l
                where l.rule_id = c.rule_id
                    and l.strike_subject_type = c.strike_subject_type
                    and l.strike_subject_id = c.strike_subject_id
                    and l.shadow = 0
                    and l.reversed = 0
                    and l.occurred_at > c.education_completed_at
                    and julianday(l.occurred_at) <= julianday(c.education_completed_at) + v.strike_window_days));

insert into governance_version_tallies (rule_id, rule_version, standing, reversed, shadow, shadow_reversed, subjects, repeat_subjects)
select t.rule_id, t.rule_version, sum(t.standing), sum(t.reversed), sum(t.shadow), sum(t.shadow_reversed),
    sum(case when t.standing >= 1 then 1 else 0 end), sum(case when t.standing >= 2 then 1 else 0 end)
from governance_subject_tallies t
group by t.rule_id, t.rule_version;
