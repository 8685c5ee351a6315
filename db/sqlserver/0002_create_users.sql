create table users (
    username nvarchar(200) primary key,
    display_name nvarchar(200) not null,
    password_hash nvarchar(max) not null,
    roles nvarchar(200) not null,
    department nvarchar(200) not null references departments (code),
    disabled bit not null default 0,
    version integer not null default 1,
    created_at datetimeoffset not null,
    updated_at datetimeoffset not null
);
