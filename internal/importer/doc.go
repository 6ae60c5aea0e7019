// Package importer imports a Stack Exchange data dump (the folder of XML
// files of one site) into Stackdesk, fast, resumably and exactly.
//
// Streaming: each file is read token by token with encoding/xml, in
// constant memory whatever its size (the UTF-8 byte-order mark and CRLF line
// ends of the dumps are fine). A reader goroutine cuts the rows into
// batches, worker goroutines convert them (HTML sanitising, the costly
// part, on every core), and one writer stores the
// batches in file order, each batch in one transaction: COPY on PostgreSQL
// (pgx on a connection of the store's pool), multi-row INSERTs on SQLite.
// Files are imported in the order Tags, Users, Posts, PostHistory,
// PostLinks, Comments, Votes, Badges; only Posts.xml is required.
//
// Mapping: users become accounts without password or e-mail (they cannot
// log in), with a username derived from the display name and made unique;
// a username or display name that claims a role on the site (auth's rule
// for members) is replaced as a role change to member replaces it, and the
// summary lists it (ReasonRoleName); the Community bot (Id -1) is not imported and what it owns has no owner.
// Each user's Reputation is kept exactly, as one ledger event of kind
// "imported" worth Reputation − 1. Questions and answers keep their scores,
// view counts, dates, accepted answers, tags and close dates; bodies are
// stored as sanitised HTML, with one revision, and without Markdown:
// markdown.Source derives it from the HTML where it is read, and the first
// edit stores it (converting took half of each post's import time).
// Tag-wiki excerpts become tag excerpts; other post types are skipped. Up
// and down votes become anonymous votes, and score_base absorbs them so that
// score = score_base + SUM(votes.value). Duplicate links close the question
// as a duplicate of the other; PostHistory.xml gives close reasons, and the
// authors' own Markdown of posts whose last body version renders as shown.
// Badges.xml gives the once-per-user and tag badges that have an equivalent
// here. Derived numbers (answer, comment and tag counts, the question
// counters, the badges scores and votes earn) are kept exact batch by batch,
// so `stackdesk check` finds no drift after any committed batch.
//
// Ids: as the import of a site starts (its first run), it decides for each
// of Users.xml, Posts.xml and Comments.xml whether the file keeps the dump's
// ids, and records that in the file's progress row, so that every later run
// keeps to it: a file does when its table (users, posts, comments) is empty
// then, so a dump imported into an empty site keeps /questions/1234 as
// /questions/1234, and the PostgreSQL sequences are moved past the imported
// ids (SQLite's AUTOINCREMENT follows by itself). Otherwise rows get new ids.
// A file that keeps ids still gives a new one to a row whose id the site gave
// a row of its own while the import ran (a sign-up, a question asked before
// Posts.xml started, between two batches or two runs): only that row, as
// each batch looks for such ids in one query, and a
// batch that loses the race to one (PostgreSQL) is written again, as for a
// username taken meanwhile. The new ids start above the file's largest Id
// (read from its end), where no later row wants them, and the summary lists
// these rows (ReasonIDTaken). Either way the import_ids table maps (site,
// kind, source id) to the new id, and every link between rows (parents,
// accepted answers, duplicates, owners, votes, comments) goes through it.
//
// Idempotence and resume: every batch transaction also records how many
// rows of its file are committed (import_progress), and a finished file is
// marked so. A second run skips finished files and resumes a file after its
// committed rows, so an interrupted import continues where it stopped and a
// repeated one changes nothing. Users, posts, comments and votes already in
// the id map are skipped as duplicates besides, so even without its progress
// rows a run adds nothing twice.
//
// Search: every batch adds search_outbox rows for the questions it created
// or changed, in its transaction, so running servers index the import as it
// goes and a server started later catches up (or rebuilds a missing index);
// `stackdesk import-se --reindex` rebuilds the index at the end instead.
//
// Broken input is reported with file and line: a bad row (a missing parent,
// an unknown PostTypeId, a duplicate Id, an unreadable attribute) is skipped
// and counted by reason; a truncated or malformed file stops that file after
// its last complete row, and the import goes on with the next file.
//
// Speed on PostgreSQL: batches set session_replication_role = replica when
// the role may (a superuser) and no table written has triggers of its own,
// which skips the per-row foreign-key checks as pg_restore does; the
// importer resolves every reference itself and checks them all in a few
// set-based queries at the end. Long bodies are compressed with lz4 where
// the server has it.
package importer
