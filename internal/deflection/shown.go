package deflection

import (
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/search/engine"
)

// maxShown bounds the questions one search event keeps as shown: its page
// of suggestions or results, and those the same search showed again (the
// session's page reloaded, another page or order of the same site search),
// the latest kept. Three pages of site-search results.
const maxShown = 60

// ItemIDs lists the ids of the questions items show, in order.
func ItemIDs(items []engine.Item) []int64 {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.Post.ID
	}
	return ids
}

// shownText is what Event.Shown stores for the questions ids: their ids
// separated by spaces, the latest maxShown ("" for none).
func shownText(ids []int64) *string {
	if len(ids) > maxShown {
		ids = ids[len(ids)-maxShown:]
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	s := strings.Join(parts, " ")
	return &s
}

// shownIDs reads Event.Shown; nil (a search recorded before it was kept)
// reads as none.
func shownIDs(s *string) []int64 {
	if s == nil {
		return nil
	}
	var ids []int64
	for _, f := range strings.Fields(*s) {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// mergeShown adds the questions ids to those shown before (old), once
// each, the newest last, and bounds them (shownText). It reports whether
// ids added any.
func mergeShown(old *string, ids []int64) (*string, bool) {
	have := shownIDs(old)
	added := false
	for _, id := range ids {
		if i := slices.Index(have, id); i >= 0 {
			have = slices.Delete(have, i, i+1)
		} else {
			added = true
		}
		have = append(have, id)
	}
	return shownText(have), added || old == nil
}

// showAgain notes that the session's latest search showed the questions
// ids once more (its page shown again, with suggestions the index now
// finds, or another page of its site-search results): they join that
// search's shown questions. Nothing is written when it showed them all
// before.
func showAgain(tx *gorm.DB, sessionID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var last []Event
	if err := tx.Select("id", "shown").Where("session_id = ? AND type = ?", sessionID, EventSearch).
		Order("id DESC").Limit(1).Find(&last).Error; err != nil || len(last) == 0 {
		return err
	}
	if last[0].Shown == nil {
		return nil // recorded before shown questions were kept: taken as before
	}
	merged, added := mergeShown(last[0].Shown, ids)
	if !added {
		return nil
	}
	return tx.Model(&Event{}).Where("id = ?", last[0].ID).Update("shown", merged).Error
}

// wasShown reports whether a search of the session showed the question. A
// session with a search recorded before migration 00057, which kept no
// shown questions, is taken at its word, as it was then.
func wasShown(tx *gorm.DB, sessionID, questionID int64) (bool, error) {
	var n int64
	err := tx.Model(&Event{}).
		Where("session_id = ? AND type = ? AND (shown IS NULL OR ' ' || shown || ' ' LIKE ?)",
			sessionID, EventSearch, "% "+strconv.FormatInt(questionID, 10)+" %").
		Limit(1).Count(&n).Error
	return n > 0, err
}

// errNotShown refuses a question the session was never shown.
func errNotShown() error {
	var f errs.Fields
	f.Add("question_id", "help.not_shown", "This help request did not show that question: open one of its suggestions.")
	return f.Err()
}

// NotShown reports whether err refuses a question because the session was
// never shown it (errNotShown).
func NotShown(err error) bool {
	e := errs.As(err)
	if e == nil || e.Code != errs.Invalid {
		return false
	}
	for _, f := range e.Fields {
		if f.Msg.ID == "help.not_shown" {
			return true
		}
	}
	return false
}
