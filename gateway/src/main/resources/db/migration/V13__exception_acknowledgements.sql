-- The regulator's acknowledgements of exceptions (io.wipetrace.gateway.audit): one row per acknowledgement, never
-- updated or deleted, so an exception's acknowledgements are its history. An exception is named by its rule (kind)
-- and its subject (a device, handover or lot ID); each rule has one kind of subject. The actor is a person's
-- pseudonymous subject or an API key's ID, as the write trail records it, never a name. request_key is the SHA-256
-- of the request's Idempotency-Key, so a retried request settles the first acknowledgement instead of adding one.
create table exception_acknowledgement (
    id           bigserial primary key,
    kind         text not null,
    subject_id   text not null,
    note         text not null check (length(note) between 1 and 1000),
    organisation text not null,
    actor_kind   text not null check (actor_kind in ('PERSON', 'API_KEY')),
    actor        text not null,
    at           timestamptz not null default now(),
    request_key  text not null,
    unique (actor, request_key)
);
create index exception_acknowledgement_subject on exception_acknowledgement (subject_id, kind, at desc);
