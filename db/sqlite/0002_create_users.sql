create table users (
    username text primary key,
    display_name text not null,
    password_hash text not null,
    roles text not null,
    department text not null references departments (code),
    disabled integer not null default 0,
    version integer not null default 1,
    created_at text not null,
    updated_at text not null
);
