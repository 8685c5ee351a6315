-- 0054's tallies and appeal times for the records and appeals already stored.
update governance_appeals a
set enforcement_occurred_at = e.occurred_at
from governance_enforcements e
where e.id = a.enforcement_id;
alter table governance_appeals alter column enforcement_occurred_at set not null;
drop index ix_governance_appeals_version;
create index ix_governance_appeals_version
    on governance_appeals (rule_id, rule_version, filed_at) include (status, decided_at, enforcement_id, enforcement_occurred_at);

-- The tallies of the records already stored.
insert into governance_subject_tallies (
    rule_id, rule_version, strike_subject_type, strike_subject_id, standing, reversed, shadow, shadow_reversed, completions, reviolated)
select e.rule_id, e.rule_version, e.strike_subject_type, e.strike_subject_id,
    count(*) filter (where not e.shadow and not e.reversed),
    count(*) filter (where not e.shadow and e.reversed),
    count(*) filter (where e.shadow),
    count(*) filter (where e.shadow and e.reversed),
    count(*) filter (where e.education_completed_at is not null),
    false
from governance_enforcements e
group by e.rule_id, e.rule_version, e.strike_subject_type, e.strike_subject_id;

update governance_subject_tallies t
set reviolated = true
where t.completions > 0
    and exists (
        select 1
        from governance_enforcements c
        join governance_rule_versions v on v.rule_id = c.rule_id and v.version = c.rule_version
        where c.rule_id = t.rule_id
            and c.rule_version = t.rule_version
            and c.strike_subject_type = t.strike_subject_type
            and c.strike_subject_id = t.strike_subject_id
            and c.education_completed_at is not null
            and exists (
                select 1
                from governance_enforcements l
                where l.rule_id = c.rule_id
                    and l.strike_subject_type = c.strike_subject_type
                    and l.strike_subject_id = c.strike_subject_id
                    and not l.shadow
                    and not l.reversed
                    and l.occurred_at > c.education_completed_at
                    and l.occurred_at <= c.education_completed_at + make_interval(days => v.strike_window_days)));

insert into governance_version_tallies (rule_id, rule_version, standing, reversed, shadow, shadow_reversed, subjects, repeat_subjects)
select t.rule_id, t.rule_version, sum(t.standing), sum(t.reversed), sum(t.shadow), sum(t.shadow_reversed),
    count(*) filter (where t.standing >= 1), count(*) filter (where t.standing >= 2)
from governance_subject_tallies t
group by t.rule_id, t.rule_version;
