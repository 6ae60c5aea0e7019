package qa

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// A cursor marks where a page of questions ended, so that the next page is
// found by the index (keyset pagination) instead of skipping rows: deep pages
// cost what the first page costs. It is opaque to clients: base64 of
// "sort|value|id", where value is what the sort orders by: the time of the
// last activity (active), the score (votes), or the time of asking (newest,
// unanswered). Cursors of newest and unanswered written when those lists
// ordered by id alone have no value; they continue after the question they
// name, at its time of asking.

// encodeCursor returns the cursor after the last question of a page.
func encodeCursor(sort string, last *store.Post) string {
	var v string
	switch sort {
	case SortActive:
		v = last.LastActivityAt.UTC().Format(time.RFC3339Nano)
	case SortVotes:
		v = strconv.Itoa(last.Score)
	default:
		v = last.CreatedAt.UTC().Format(time.RFC3339Nano)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(sort + "|" + v + "|" + strconv.FormatInt(last.ID, 10)))
}

// afterCursor narrows a query of question ids to those after the cursor.
func afterCursor(ids *gorm.DB, sort, cursor string) (*gorm.DB, error) {
	bad := func() (*gorm.DB, error) {
		var f errs.Fields
		f.Add("cursor", "field.cursor", "The cursor is not one this list returned; start again from the first page.")
		return nil, f.Err()
	}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(raw) > 100 {
		return bad()
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 || parts[0] != sort {
		return bad()
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id <= 0 {
		return bad()
	}
	switch sort {
	case SortActive:
		t, err := time.Parse(time.RFC3339Nano, parts[1])
		if err != nil {
			return bad()
		}
		return ids.Where("(last_activity_at < ? OR (last_activity_at = ? AND id < ?))", t, t, id), nil
	case SortVotes:
		score, err := strconv.Atoi(parts[1])
		if err != nil {
			return bad()
		}
		return ids.Where("(score < ? OR (score = ? AND id < ?))", score, score, id), nil
	}
	if parts[1] == "" {
		// A cursor of the id order: the question it names says where its
		// time of asking is (a subquery, so one round trip as ever).
		at := ids.Session(&gorm.Session{NewDB: true}).Table("posts").Select("created_at").Where("id = ?", id)
		return ids.Where("(created_at < (?) OR (created_at = (?) AND id < ?))", at, at, id), nil
	}
	t, err := time.Parse(time.RFC3339Nano, parts[1])
	if err != nil {
		return bad()
	}
	return ids.Where("(created_at < ? OR (created_at = ? AND id < ?))", t, t, id), nil
}
