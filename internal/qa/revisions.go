package qa

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
)

// Revision is one version of a post with what changed from the one before.
type Revision struct {
	store.PostRevision
	Editor *store.User
	// ApprovedBy reviewed the suggested edit this revision saved; nil for
	// a direct edit.
	ApprovedBy *store.User
	TitleDiff  []Change
	BodyDiff   []Change
	TagsDiff   []Change
	// Rendered is the revision's body as posts show it, marked where it
	// differs from the revision before (unmarked for the first), with its
	// title's and tags' changes (unmarked for the first too): set by
	// RenderRevisions for the revisions it renders, nil for the others.
	Rendered     *RenderedDiff
	TitleChanges []Change
	TagChanges   []Change
	// importedHTML is, for a post imported without Markdown and never
	// edited, the post's HTML, its body's Markdown derived from it: the
	// revision's rendering.
	importedHTML string
}

// Change is a run of text that was kept, inserted or deleted.
type Change struct {
	Op   string // "=", "+" or "-"
	Text string
}

// Revisions returns a live post's history, newest first, each with its diff
// against the version before.
func (s *Service) Revisions(ctx context.Context, postID int64) ([]Revision, error) {
	post, err := s.livePost(ctx, postID)
	if err != nil {
		return nil, err
	}
	var rows []store.PostRevision
	if err := s.Store.DB.WithContext(ctx).Where("post_id = ?", postID).Order("revision").Find(&rows).Error; err != nil {
		return nil, errs.Internalf(err, "qa: revisions")
	}
	var approvals []store.SuggestedEdit
	if err := s.Store.DB.WithContext(ctx).Select("revision", "reviewed_by").
		Where("post_id = ? AND status = ? AND revision IS NOT NULL", postID, SuggestionApproved).Find(&approvals).Error; err != nil {
		return nil, errs.Internalf(err, "qa: revisions")
	}
	approvedBy := make(map[int]int64, len(approvals))
	ids := make([]int64, 0, len(rows)+len(approvals))
	for _, a := range approvals {
		if a.Revision != nil && a.ReviewedBy != nil {
			approvedBy[*a.Revision] = *a.ReviewedBy
			ids = append(ids, *a.ReviewedBy)
		}
	}
	for _, r := range rows {
		if r.EditorID != nil {
			ids = append(ids, *r.EditorID)
		}
	}
	users, err := s.users(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Revision, len(rows))
	prev := store.PostRevision{}
	source := ""
	for i, r := range rows {
		imported := ""
		if r.BodyMarkdown == "" && post.BodyMarkdown == "" && post.BodyHTML != "" {
			// Imported without Markdown and never edited since (the first
			// edit stores it): the revision's body is the post's.
			if source == "" {
				source = markdown.ToMarkdown(post.BodyHTML)
			}
			r.BodyMarkdown = source
			imported = post.BodyHTML
		}
		rev := Revision{PostRevision: r, importedHTML: imported}
		if r.EditorID != nil {
			rev.Editor = users[*r.EditorID]
		}
		if by, ok := approvedBy[r.Revision]; ok {
			rev.ApprovedBy = users[by]
		}
		rev.TitleDiff = diffWords(prev.Title, r.Title)
		rev.TagsDiff = diffWords(prev.Tags, r.Tags)
		out[len(rows)-1-i] = rev
		prev = r
	}
	// Bodies last, newest first, so the revisions a reader sees first are
	// the ones compared word by word when the history's budget runs out.
	budget := historyWordBudget
	for i := range out {
		before := ""
		if i+1 < len(out) {
			before = out[i+1].BodyMarkdown
		}
		out[i].BodyDiff = diffLines(before, out[i].BodyMarkdown, &budget)
	}
	return out, nil
}

// historyWordBudget bounds the replaced text a whole revision history
// compares word by word (each comparison at most wordDiffMax): past it,
// replaced lines show whole, deleted and added, which costs little. A word
// diff of wordDiffMax characters rewritten throughout takes up to a few
// hundred milliseconds, and a history may hold dozens of long revisions.
const historyWordBudget = 3 * wordDiffMax

// RevisionOf returns revision rev of a live post, its body in Markdown
// (derived from the post's HTML for an import never edited since, as
// Revisions shows it): what going back to that version would restore.
func (s *Service) RevisionOf(ctx context.Context, postID int64, rev int) (*store.PostRevision, error) {
	post, err := s.livePost(ctx, postID)
	if err != nil {
		return nil, err
	}
	var r store.PostRevision
	err = s.Store.DB.WithContext(ctx).Where("post_id = ? AND revision = ?", postID, rev).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, errs.E(errs.NotFound, "revision.not_found", "This post has no such revision.")
	}
	if err != nil {
		return nil, errs.Internalf(err, "qa: revision")
	}
	if r.BodyMarkdown == "" && post.BodyMarkdown == "" && post.BodyHTML != "" {
		r.BodyMarkdown = markdown.ToMarkdown(post.BodyHTML)
	}
	return &r, nil
}

// diffLines compares two texts line by line, and replaced lines word by
// word while budget lasts (each comparison takes its length from it).
func diffLines(a, b string, budget *int) []Change {
	dmp := diffmatchpatch.New()
	ra, rb, lines := dmp.DiffLinesToRunes(a, b)
	ds := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), lines)
	// Lines replaced by others are compared word by word, so a changed word
	// shows as that word, not as its whole paragraph deleted and added.
	var out []Change
	for i := 0; i < len(ds); i++ {
		if i+1 < len(ds) && ds[i].Type == diffmatchpatch.DiffDelete && ds[i+1].Type == diffmatchpatch.DiffInsert &&
			fits(len(ds[i].Text)+len(ds[i+1].Text), budget) {
			out = append(out, diffWords(ds[i].Text, ds[i+1].Text)...)
			i++
			continue
		}
		out = append(out, changes(ds[i:i+1])...)
	}
	return out
}

// fits reports whether replaced lines of n bytes are compared word by word,
// and takes n from the budget if so.
func fits(n int, budget *int) bool {
	if n > wordDiffMax || n > *budget {
		return false
	}
	*budget -= n
	return true
}

// wordDiffMax bounds the text that replaced lines may hold to be compared
// word by word.
const wordDiffMax = 20000

// diffWords compares two texts word by word: a changed word shows whole
// ("drops" to "disconnects", "6.1" to "6.2"), not as the letters that differ.
func diffWords(a, b string) []Change {
	var tokens []string
	ids := map[string]rune{}
	encode := func(s string) []rune {
		var out []rune
		for _, tok := range words(s) {
			id, ok := ids[tok]
			if !ok {
				id = tokenRune(len(tokens))
				ids[tok] = id
				tokens = append(tokens, tok)
			}
			out = append(out, id)
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	ds := diffmatchpatch.New().DiffMainRunes(ra, rb, false)
	out := make([]Change, 0, len(ds))
	for _, d := range ds {
		var text strings.Builder
		for _, r := range d.Text {
			text.WriteString(tokens[tokenIndex(r)])
		}
		c := changes([]diffmatchpatch.Diff{{Type: d.Type, Text: text.String()}})
		if n := len(out); n > 0 && len(c) == 1 && out[n-1].Op == c[0].Op {
			out[n-1].Text += c[0].Text
			continue
		}
		out = append(out, c...)
	}
	return out
}

// tokenRune and tokenIndex number a diff's distinct words as runes, around
// the surrogate range (which is no rune).
func tokenRune(i int) rune {
	if i >= 0xD800 {
		return rune(i + 0x800)
	}
	return rune(i)
}

func tokenIndex(r rune) int {
	if r >= 0xE000 {
		return int(r) - 0x800
	}
	return int(r)
}

// words cuts a text into words (letters and digits, joined by inner dots,
// hyphens, apostrophes and underscores: "6.1", "e-mail", "don't"; and by
// commas and colons between digits: "1,000", "6,1", "10:30"), runs of white
// space, and single other characters.
func words(s string) []string {
	var out []string
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case word(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if word(r) {
					j += n
					continue
				}
				if next, _ := utf8.DecodeRuneInString(s[j+n:]); j+n < len(s) && word(next) {
					prev, _ := utf8.DecodeLastRuneInString(s[:j])
					// "6.1", "e-mail", "don't"; "1,000", "6,1", "10:30" between digits.
					if strings.ContainsRune(".-'’_", r) || strings.ContainsRune(",:", r) && unicode.IsDigit(prev) && unicode.IsDigit(next) {
						j += n
						continue
					}
				}
				break
			}
		case unicode.IsSpace(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r) {
					break
				}
				j += n
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func changes(ds []diffmatchpatch.Diff) []Change {
	out := make([]Change, 0, len(ds))
	for _, d := range ds {
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "+"
		case diffmatchpatch.DiffDelete:
			op = "-"
		}
		if d.Text == "" {
			continue
		}
		out = append(out, Change{Op: op, Text: d.Text})
	}
	return out
}

// Changed reports whether a diff has any insertion or deletion.
func Changed(cs []Change) bool {
	for _, c := range cs {
		if c.Op != "=" {
			return true
		}
	}
	return false
}
