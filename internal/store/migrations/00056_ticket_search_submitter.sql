-- +goose Up
-- The hotline's ticket search also finds a ticket by who filed it
-- (deflection.Service.Tickets): the start of the e-mail address given on
-- the ticket and of the filer's account address, both lower-cased, as
-- byte ranges (store.PrefixRange). On PostgreSQL these btrees serve the
-- ranges, so that every part of the search has an index (the text its
-- trigrams of 00032, the number the primary key, the filer's tickets
-- tickets_user) and the list reads no table whole; the username's start and
-- a display name's words have theirs (00047, 00042). SQLite reads every
-- ticket for the text anyway, and needs none.
{{if .Postgres}}CREATE INDEX tickets_email_prefix ON tickets ((LOWER(email) COLLATE "C"));
CREATE INDEX users_email_prefix ON users ((LOWER(email) COLLATE "C"));{{end}}

-- +goose Down
{{if .Postgres}}DROP INDEX IF EXISTS users_email_prefix;
DROP INDEX IF EXISTS tickets_email_prefix;{{end}}
