-- +goose Up
-- A ticket records the language of the page it was filed on (the
-- employee's setting, else the language their browser asked for), so that
-- the mails to an employee who filed it without logging in speak it. The
-- tickets filed before know none: '' stands for the site's default language.
ALTER TABLE tickets ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE tickets DROP COLUMN language;
