create table business_lines (
    code nvarchar(200) primary key,
    name_en nvarchar(200) not null,
    name_zh nvarchar(200) not null
);

create table departments (
    code nvarchar(200) primary key,
    name_en nvarchar(200) not null,
    name_zh nvarchar(200) not null
);

create table categories (
    code nvarchar(200) primary key,
    name_en nvarchar(200) not null,
    name_zh nvarchar(200) not null,
    partner_department nvarchar(200) not null references departments (code),
    sensitivity_weight float not null
);

insert into business_lines (code, name_en, name_zh) values
    (N'douyin', N'Douyin', N'抖音'),
    (N'tiktok-live', N'TikTok Live', N'TikTok 直播');

insert into departments (code, name_en, name_zh) values
    (N'risk-ops', N'Risk operations', N'风险运营'),
    (N'review-ops', N'Review operations', N'审核运营'),
    (N'live-guild-ops', N'Live guild operations', N'直播公会运营'),
    (N'product', N'Product', N'产品'),
    (N'legal', N'Legal', N'法务'),
    (N'comms', N'Communications', N'公关'),
    (N'data', N'Data', N'数据');

insert into categories (code, name_en, name_zh, partner_department, sensitivity_weight) values
    (N'minor-safety', N'Minor safety', N'未成年人安全', N'review-ops', 1.0),
    (N'fraud-scam', N'Fraud and scams', N'诈骗', N'review-ops', 0.8),
    (N'guild-violation', N'Guild violation', N'公会违规', N'live-guild-ops', 0.6),
    (N'illegal-content', N'Illegal content', N'违法内容', N'legal', 0.9),
    (N'misinformation', N'Misinformation', N'不实信息', N'comms', 0.7),
    (N'low-quality-surge', N'Low-quality surge', N'低质内容激增', N'product', 0.4);
