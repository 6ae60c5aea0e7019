package deflection

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/search/engine"
)

// EventInput is a search or a view in a session.
type EventInput struct {
	Type       string // search or view
	Query      string // for a search
	QuestionID int64  // for a view
}

// EventResult is the session after an event, with fresh suggestions after a search.
type EventResult struct {
	Session     *Session
	Event       *Event
	Suggestions []engine.Item
}

// AddEvent records a search or a view in an open session. A search that
// refines the previous one within a few seconds (typing on) replaces it, so
// that the trail and the content gaps hold what was meant, not every prefix.
func (s *Service) AddEvent(ctx context.Context, who Who, id int64, in EventInput) (*EventResult, error) {
	var f errs.Fields
	in.Query = strings.TrimSpace(in.Query)
	switch in.Type {
	case EventSearch:
		checkQuery(&f, "query", in.Query)
	case EventView:
		if in.QuestionID <= 0 {
			f.Add("question_id", "help.question_required", "Name the question that was viewed.")
		}
	default:
		f.Add("type", "help.event_type", "An event is a search or a view.")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	db := s.Store.DB.WithContext(ctx)
	sess, err := loadSession(db, who, id)
	if err != nil {
		return nil, wrap(err, "event")
	}
	if !sess.OpenAt(s.now()) {
		return nil, errSessionEnded()
	}
	out := &EventResult{}
	var results *int
	if in.Type == EventSearch {
		out.Suggestions, results = s.suggest(ctx, in.Query)
	}
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		ev := &Event{SessionID: id, Type: in.Type, CreatedAt: now}
		upd := map[string]any{"last_event_at": now}
		if in.Type == EventSearch {
			ev.Query, ev.Norm, ev.Results = in.Query, normalizeFor(sess.Source, in.Query), results
			ev.Shown = shownText(shownOf(sess.Holdout, out.Suggestions))
			if err := addSearch(tx, ev, upd, sess.Source); err != nil {
				return err
			}
		} else {
			q, err := liveQuestion(tx, in.QuestionID)
			if err != nil {
				return err
			}
			if q == nil {
				var f errs.Fields
				f.Add("question_id", "help.no_question", "No such question.")
				return f.Err()
			}
			// Only a question a search of the session showed is opened
			// through it: another, viewed, could be named as the solution.
			if shown, err := wasShown(tx, id, q.ID); err != nil {
				return err
			} else if !shown {
				return errNotShown()
			}
			ev.QuestionID = &q.ID
			if err := tx.Create(ev).Error; err != nil {
				return err
			}
			if err := tagSession(tx, id, q.Tags); err != nil {
				return err
			}
			upd["views"] = gorm.Expr("views + 1")
		}
		if err := updateOpen(tx, id, upd, now); err != nil {
			return err
		}
		out.Event = ev
		return tx.Where("id = ?", id).Take(&sess).Error
	})
	if err != nil {
		return nil, wrap(err, "event")
	}
	out.Session = sess
	if sess.Holdout {
		out.Suggestions = nil
	}
	return out, nil
}

// addSearch records the search ev in its session of source (see refine)
// and notes in upd, the session's pending update, its query and whether it
// counts anew.
func addSearch(tx *gorm.DB, ev *Event, upd map[string]any, source string) error {
	upd["last_query"] = ev.Query
	replaced, err := refine(tx, ev.SessionID, ev, source)
	if err != nil {
		return err
	}
	if !replaced {
		upd["searches"] = gorm.Expr("searches + 1")
	}
	return nil
}

// stillOpen is the condition "the session is open at now" (Session.OpenAt)
// with its arguments.
func stillOpen(now time.Time) (string, []any) {
	return "(outcome IS NULL OR (outcome = ? AND last_event_at > ?))", []any{OutcomeAbandoned, now.Add(-resumeWindow)}
}

// updateOpen applies upd to the session if it is still open at now.
func updateOpen(tx *gorm.DB, id int64, upd map[string]any, now time.Time) error {
	upd["outcome"], upd["outcome_at"] = nil, nil // resumes an abandoned session
	cond, args := stillOpen(now)
	res := tx.Model(&Session{}).Where("id = ? AND "+cond, append([]any{id}, args...)...).Updates(upd)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errSessionEnded()
	}
	return nil
}

// refine replaces the session's last event with ev when that was a search
// made moments ago that ev extends or shortens, in its words as the
// session's source reads them (a Get-help problem is plain words, where
// "user:" or "-" typed on the way are words too); else it inserts ev. A
// replaced search keeps the questions it showed along with ev's: they were
// on the screen as the words were typed.
func refine(tx *gorm.DB, sessionID int64, ev *Event, source string) (bool, error) {
	var last Event
	err := tx.Where("session_id = ?", sessionID).Order("id DESC").Limit(1).Find(&last).Error
	if err != nil {
		return false, err
	}
	// A search without words (filters alone) refines nothing and is refined
	// by nothing: it would erase the words before it.
	text := textOf
	if source == SourceHelp {
		text = normalizeProblem
	}
	now, before := text(ev.Query), text(last.Query)
	if last.ID != 0 && last.Type == EventSearch && ev.CreatedAt.Sub(last.CreatedAt) <= refineWindow &&
		now != "" && before != "" && (strings.HasPrefix(now, before) || strings.HasPrefix(before, now)) {
		ev.ID = last.ID
		if last.Shown != nil {
			ev.Shown, _ = mergeShown(last.Shown, shownIDs(ev.Shown))
		}
		err := tx.Model(&Event{}).Where("id = ?", last.ID).
			Updates(map[string]any{"query": ev.Query, "norm": ev.Norm, "results": ev.Results, "shown": ev.Shown, "created_at": ev.CreatedAt}).Error
		return true, err
	}
	return false, tx.Create(ev).Error
}
