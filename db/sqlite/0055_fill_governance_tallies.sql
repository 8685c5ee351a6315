-- 0054's tallies and appeal times for the records and appeals already stored.
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
