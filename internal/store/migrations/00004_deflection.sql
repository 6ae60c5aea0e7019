-- +goose Up
-- Deflection (internal/deflection): help sessions with their events and one
-- outcome, hotline tickets with their session trail, and the outbound
-- delivery queue that hands tickets to the hotline (webhook, e-mail).

-- A help session: an employee (or an anonymous visitor, by a random cookie id)
-- describing a problem. outcome is NULL while open, then exactly one of
-- solved, asked, ticket or abandoned. holdout is drawn once at the start: a
-- holdout session is shown no suggestions.
CREATE TABLE help_sessions (
    id {{.PK}},
    visitor TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users (id),
    source TEXT NOT NULL DEFAULT 'help',
    query TEXT NOT NULL,
    last_query TEXT NOT NULL DEFAULT '',
    holdout BOOLEAN NOT NULL DEFAULT FALSE,
    searches INTEGER NOT NULL DEFAULT 0,
    views INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    outcome_at {{.Time}},
    question_id BIGINT,
    answer_id BIGINT,
    ticket_id BIGINT,
    created_at {{.Time}} NOT NULL,
    last_event_at {{.Time}} NOT NULL
);
CREATE INDEX help_sessions_created ON help_sessions (created_at);
CREATE INDEX help_sessions_open ON help_sessions (last_event_at) WHERE outcome IS NULL;
CREATE INDEX help_sessions_question ON help_sessions (question_id) WHERE question_id IS NOT NULL;

-- The tags of the questions a session looked at or ended on (the dashboard's tag filter).
CREATE TABLE help_session_tags (
    session_id BIGINT NOT NULL REFERENCES help_sessions (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (session_id, tag)
);
CREATE INDEX help_session_tags_tag ON help_session_tags (tag, session_id);

-- What happened in a session: searches (with the normalised query and how
-- many suggestions it found; NULL when search was unavailable) and views.
CREATE TABLE help_events (
    id {{.PK}},
    session_id BIGINT NOT NULL REFERENCES help_sessions (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    query TEXT NOT NULL DEFAULT '',
    norm TEXT NOT NULL DEFAULT '',
    question_id BIGINT,
    results INTEGER,
    created_at {{.Time}} NOT NULL
);
CREATE INDEX help_events_session ON help_events (session_id, id);
CREATE INDEX help_events_search ON help_events (type, norm);

-- A hotline ticket with a snapshot of its session trail (JSON). The employee
-- may consent to publishing the hotline's answer as a question.
CREATE TABLE tickets (
    id {{.PK}},
    session_id BIGINT REFERENCES help_sessions (id),
    user_id BIGINT REFERENCES users (id),
    visitor TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    consent_publish BOOLEAN NOT NULL DEFAULT FALSE,
    trail TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'open',
    resolution TEXT NOT NULL DEFAULT '',
    resolved_by BIGINT REFERENCES users (id),
    resolved_at {{.Time}},
    published_question_id BIGINT,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
CREATE INDEX tickets_status ON tickets (status, id DESC);
CREATE INDEX tickets_created ON tickets (created_at);

-- The outbound queue: one row per ticket and channel, retried with
-- exponential backoff until delivered, or failed after the last attempt.
-- lease_until lets several processes share the queue without sending twice.
CREATE TABLE deliveries (
    id {{.PK}},
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    channel TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{.Time}} NOT NULL,
    lease_until {{.Time}},
    last_error TEXT NOT NULL DEFAULT '',
    last_status INTEGER NOT NULL DEFAULT 0,
    delivered_at {{.Time}},
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_ticket ON deliveries (ticket_id);

-- +goose Down
DROP TABLE deliveries;
DROP TABLE tickets;
DROP TABLE help_events;
DROP TABLE help_session_tags;
DROP TABLE help_sessions;
