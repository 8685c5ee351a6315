-- DSA statement of reasons fields (Transparency Database API v2) that 0050 left out: the content's
-- posting date and language, and the grounds with their explanations. All optional: the export fills
-- them from the rule when absent (docs/governance.md "Enforcement records").
alter table governance_enforcements add content_date datetimeoffset null;
alter table governance_enforcements add content_language nvarchar(20) null;
alter table governance_enforcements add illegal_content_legal_ground nvarchar(500) null;
alter table governance_enforcements add illegal_content_explanation nvarchar(max) null;
alter table governance_enforcements add incompatible_content_ground nvarchar(500) null;
alter table governance_enforcements add incompatible_content_explanation nvarchar(max) null;

-- The subject page reads a subject's strikes across rules (0050's strike index starts with the rule).
create index ix_governance_enforcements_strike_subject on governance_enforcements (strike_subject_type, strike_subject_id, occurred_at);
