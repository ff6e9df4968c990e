-- People who sign in, one row each, in the identity provider's own schema. The subject is random and is what tokens
-- carry ('sub'): the gateway's audit trail names people by it, never by their user name.
CREATE TABLE account (
    subject          text PRIMARY KEY CHECK (subject ~ '^p-[a-z2-7]{26}$'),
    username         text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    organisation     text NOT NULL CHECK (organisation ~ '^[a-z][a-z0-9-]{1,63}$'),
    -- Space-separated, drawn from the API's roles; the gateway checks them against the organisation's registered roles.
    roles            text NOT NULL CHECK (roles ~ '^(PARTNER|REGULATOR|ADMIN)( (PARTNER|REGULATOR|ADMIN))*$'),
    -- Argon2id in Spring Security's encoded form ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
    password_hash    text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    totp_secret      bytea CHECK (totp_secret IS NULL OR octet_length(totp_secret) >= 16),
    -- The step of the last code used: a code is never accepted twice.
    totp_last_step   bigint NOT NULL DEFAULT 0,
    failed_attempts  integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_sign_in     timestamptz,
    -- Regulators and administrators always have a second factor.
    CONSTRAINT second_factor_for_regulators_and_admins
        CHECK (totp_secret IS NOT NULL OR roles !~ '(REGULATOR|ADMIN)')
);
