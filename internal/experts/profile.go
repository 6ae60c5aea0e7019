package experts

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// Profile limits.
const (
	AskMeAboutMax = 200 // characters
	PickedTagsMax = 10
)

// Profile is what a user says about their expertise, with their e-mail choice.
type Profile struct {
	AskMeAbout string
	Tags       []string // picked tags, by name
	EmailMode  string   // in effect: off, immediate or daily
}

// ProfileInput changes a profile; nil fields stay as they are.
type ProfileInput struct {
	AskMeAbout *string
	Tags       []string // nil leaves the picked tags; empty clears them
	EmailMode  *string
}

// Profile reads a user's profile.
func (s *Service) Profile(ctx context.Context, userID int64) (*Profile, error) {
	db := s.Store.DB.WithContext(ctx)
	out := &Profile{Tags: []string{}}
	var ps []profile
	if err := db.Where("user_id = ?", userID).Limit(1).Find(&ps).Error; err != nil {
		return nil, errs.Internalf(err, "experts: profile")
	}
	if len(ps) == 1 {
		out.AskMeAbout = ps[0].AskMeAbout
	}
	if err := db.Table("expert_tags e").Joins("JOIN tags t ON t.id = e.tag_id").
		Where("e.user_id = ?", userID).Order("t.name").Pluck("t.name", &out.Tags).Error; err != nil {
		return nil, errs.Internalf(err, "experts: picked tags")
	}
	if s.Notify != nil {
		mode, err := s.Notify.EmailMode(ctx, userID)
		if err != nil {
			return nil, err
		}
		out.EmailMode = mode
	}
	return out, nil
}

// validAbout checks an "ask me about" line: one line of printable text.
func validAbout(f *errs.Fields, s string) {
	if utf8.RuneCountInString(s) > AskMeAboutMax {
		f.Add("ask_me_about", "field.ask_me_about.too_long", "Use at most {{.Max}} characters.", "Max", AskMeAboutMax)
		return
	}
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) {
			f.Add("ask_me_about", "field.ask_me_about.format", "Write one line of plain text.")
			return
		}
	}
	// Nothing that reorders it, as in a display name or a title: the line
	// shows beside the name in expert lists, where "VPN" U+202E "fdp.exe"
	// would read as "VPN exe.pdf". (A line stored before shows such
	// characters as marks, as other text shown as typed does.)
	if p, ok := text.Check(s, 0, AskMeAboutMax, false); !ok {
		f.Add("ask_me_about", p.ID, p.Text, p.KV()...)
	}
}

// UpdateProfile changes the actor's own profile in one transaction.
// tagFormatMsg is the English message of field.tags.format (internal/qa).
const tagFormatMsg = "Tag “{{.Tag}}”: use up to {{.Max}} lower-case letters (any script), digits, '+', '#', '.' or '-', with at least one letter or digit and not starting with '-'."

// tagMarksMsg is the English message of field.tags.marks (internal/qa).
const tagMarksMsg = "Tag “{{.Tag}}”: a letter may carry at most {{.Max}} accents or other marks, as in “tiếng” or “हिन्दी”; this tag piles up more."

func (s *Service) UpdateProfile(ctx context.Context, actor *store.User, in ProfileInput) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	var f errs.Fields
	if in.AskMeAbout != nil {
		*in.AskMeAbout = strings.TrimSpace(*in.AskMeAbout)
		validAbout(&f, *in.AskMeAbout)
	}
	var names []string
	if in.Tags != nil {
		seen := map[string]bool{}
		for _, t := range in.Tags {
			t = text.NormalizeTag(t)
			if t != "" && !text.ValidTag(t) {
				if len(t) > 40 {
					t = strings.ToValidUTF8(t[:40], "") + "…"
				}
				f.Add("tags", "field.tags.format", tagFormatMsg, "Tag", t, "Max", text.TagMaxLen)
				break
			}
			if text.StackedMarks(t) {
				if len(t) > 40 {
					t = strings.ToValidUTF8(t[:40], "") + "…"
				}
				f.Add("tags", "field.tags.marks", tagMarksMsg, "Tag", t, "Max", text.TagMarksMax)
				break
			}
			if t != "" && !seen[t] {
				seen[t] = true
				names = append(names, t)
			}
		}
		if len(names) > PickedTagsMax {
			f.Add("tags", "field.picked_tags.too_many", "Pick at most {{.Max}} tags.", "Max", PickedTagsMax)
		}
	}
	if in.EmailMode != nil {
		notify.CheckMode(*in.EmailMode, &f)
	}
	if err := f.Err(); err != nil {
		return err
	}
	now := s.now()
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if in.AskMeAbout != nil {
			if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}},
				DoUpdates: clause.AssignmentColumns([]string{"ask_me_about", "updated_at"})}).
				Create(&profile{UserID: actor.ID, AskMeAbout: *in.AskMeAbout, UpdatedAt: now}).Error; err != nil {
				return err
			}
		}
		if in.Tags != nil {
			if err := setPicked(tx, actor.ID, names, now); err != nil {
				return err
			}
		}
		if in.EmailMode != nil {
			return notify.SetEmailMode(tx, actor.ID, *in.EmailMode, now)
		}
		return nil
	})
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	if err != nil {
		return errs.Internalf(err, "experts: update profile")
	}
	s.forget()
	return nil
}

// setPicked replaces a user's picked tags; every name must be a tag.
func setPicked(tx *gorm.DB, userID int64, names []string, now time.Time) error {
	var tags []store.Tag
	if len(names) > 0 {
		if err := tx.Where("name IN ?", names).Find(&tags).Error; err != nil {
			return err
		}
	}
	if len(tags) != len(names) {
		known := map[string]bool{}
		for _, t := range tags {
			known[t.Name] = true
		}
		for _, n := range names {
			if !known[n] {
				var f errs.Fields
				f.Add("tags", "field.picked_tags.unknown", "There is no tag “{{.Tag}}” yet.", "Tag", n)
				return f.Err()
			}
		}
	}
	if err := tx.Where("user_id = ?", userID).Delete(&expertTag{}).Error; err != nil {
		return err
	}
	if len(tags) == 0 {
		return nil
	}
	rows := make([]expertTag, len(tags))
	for i, t := range tags {
		rows[i] = expertTag{UserID: userID, TagID: t.ID, CreatedAt: now}
	}
	return tx.Create(&rows).Error
}
