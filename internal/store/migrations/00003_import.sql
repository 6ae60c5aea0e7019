-- +goose Up
-- Stack Exchange imports (internal/importer): where each source row went, and
-- how far each file of each imported site has been committed.

-- import_ids maps a source row (site, kind, source id) to the row it became.
-- kind is 'user', 'post', 'comment' or 'tag_excerpt' (an ExcerptPostId and its
-- tag). ref carries one extra source id: a question's AcceptedAnswerId, kept
-- until that answer arrives.
CREATE TABLE import_ids (
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_id BIGINT NOT NULL,
    target_id BIGINT NOT NULL,
    ref BIGINT,
    PRIMARY KEY (site, kind, source_id)
){{if not .Postgres}} WITHOUT ROWID{{end}};

-- import_progress records, per site and file, how many rows are committed
-- (rows_done, written in the same transaction as the rows), whether the
-- file's source ids are kept as ids here (decided once, on the first run),
-- and when the file was finished.
CREATE TABLE import_progress (
    site TEXT NOT NULL,
    file TEXT NOT NULL,
    rows_done BIGINT NOT NULL DEFAULT 0,
    keep_ids BOOLEAN NOT NULL DEFAULT FALSE,
    started_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL,
    finished_at {{.Time}},
    PRIMARY KEY (site, file)
);

-- +goose Down
DROP TABLE import_progress;
DROP TABLE import_ids;
