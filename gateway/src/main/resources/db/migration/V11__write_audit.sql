-- Who did what (io.wipetrace.gateway.trail): one row per write the gateway answered with success. The actor is a
-- person's pseudonymous subject (from the identity provider's token) or an API key's ID, never a name.
create table write_audit (
    id           bigserial primary key,
    at           timestamptz not null default now(),
    organisation text not null,
    actor_kind   text not null check (actor_kind in ('PERSON', 'API_KEY')),
    actor        text not null,
    method       text not null,
    path         text not null,
    status       integer not null,
    request_id   text
);
create index write_audit_actor on write_audit (actor, at desc);
create index write_audit_at on write_audit (at desc);
