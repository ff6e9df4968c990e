-- API keys of partners, regulators and administrators. Only the SHA-256 of a key is kept; the clear key is shown
-- once, when it is issued. Each key acts for exactly one organisation (an organisation key such as 'collector').
create table api_key (
    id            uuid primary key,
    key_hash      char(64)    not null unique,
    organisation  text        not null,
    role          text        not null check (role in ('PARTNER', 'REGULATOR', 'ADMIN')),
    label         text        not null,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz
);

-- Idempotent writes: one row per (organisation, Idempotency-Key) with the hash of the request it was first used
-- for, and once done the response to replay.
create table idempotency_request (
    organisation     text        not null,
    idempotency_key  text        not null,
    request_hash     char(64)    not null,
    status           text        not null check (status in ('PENDING', 'COMPLETED')),
    lease_until      timestamptz,
    response_status  integer,
    response_body    text,
    created_at       timestamptz not null default now(),
    completed_at     timestamptz,
    primary key (organisation, idempotency_key)
);

create index idempotency_request_completed_at on idempotency_request (completed_at) where status = 'COMPLETED';

-- What an attempt recorded before touching the ledger: each endorsed transaction (ID, signed bytes, result) before
-- it is submitted, and generated values (device IDs, receipt codes) before they are used, so that a retry after a
-- crash settles the same transaction instead of writing a second one.
create table idempotency_step (
    organisation     text  not null,
    idempotency_key  text  not null,
    step             text  not null,
    tx_id            text,
    tx_bytes         bytea,
    tx_result        bytea,
    value_json       text,
    primary key (organisation, idempotency_key, step),
    foreign key (organisation, idempotency_key) references idempotency_request on delete cascade
);
