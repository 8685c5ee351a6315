create table business_lines (
    code text primary key,
    name_en text not null,
    name_zh text not null
);

create table departments (
    code text primary key,
    name_en text not null,
    name_zh text not null
);

create table categories (
    code text primary key,
    name_en text not null,
    name_zh text not null,
    partner_department text not null references departments (code),
    sensitivity_weight real not null
);

insert into business_lines (code, name_en, name_zh) values
    ('douyin', 'Douyin', '抖音'),
    ('tiktok-live', 'TikTok Live', 'TikTok 直播');

insert into departments (code, name_en, name_zh) values
    ('risk-ops', 'Risk operations', '风险运营'),
    ('review-ops', 'Review operations', '审核运营'),
    ('live-guild-ops', 'Live guild operations', '直播公会运营'),
    ('product', 'Product', '产品'),
    ('legal', 'Legal', '法务'),
    ('comms', 'Communications', '公关'),
    ('data', 'Data', '数据');

insert into categories (code, name_en, name_zh, partner_department, sensitivity_weight) values
    ('minor-safety', 'Minor safety', '未成年人安全', 'review-ops', 1.0),
    ('fraud-scam', 'Fraud and scams', '诈骗', 'review-ops', 0.8),
    ('guild-violation', 'Guild violation', '公会违规', 'live-guild-ops', 0.6),
    ('illegal-content', 'Illegal content', '违法内容', 'legal', 0.9),
    ('misinformation', 'Misinformation', '不实信息', 'comms', 0.7),
    ('low-quality-surge', 'Low-quality surge', '低质内容激增', 'product', 0.4);
