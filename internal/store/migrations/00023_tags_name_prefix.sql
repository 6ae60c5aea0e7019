-- +goose Up
-- Tag names by their start (the tag list's filter, the suggestions while
-- tags are typed), compared byte by byte (store.PrefixRange): PostgreSQL's
-- index in the database's collation serves no such range unless that
-- collation is C. On SQLite the index tags_name (BINARY) serves it.
{{if .Postgres}}CREATE INDEX tags_name_prefix ON tags (name COLLATE "C");{{end}}

-- +goose Down
{{if .Postgres}}DROP INDEX tags_name_prefix;{{end}}
