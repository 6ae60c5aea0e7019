package qa

import (
	"strings"

	"stackdesk/internal/errs"
	"stackdesk/internal/text"
)

// SplitTags splits a tag line as typed in a form ("vpn, windows-11") into tags.
func SplitTags(line string) []string {
	return strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == ';' })
}

// normalizeTags lower-cases and de-duplicates tags, keeping their order, and
// records any problem on the "tags" field.
func normalizeTags(in []string, f *errs.Fields) []string {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for _, t := range in {
		t = text.NormalizeTag(t)
		if t == "" {
			continue
		}
		if !text.ValidTag(t) {
			if len(t) > 40 {
				t = t[:40] + "…"
			}
			f.Add("tags", "field.tags.format", "Tag “{{.Tag}}”: use up to {{.Max}} lower-case letters (any script), digits, '+', '#', '.' or '-', with at least one letter or digit and not starting with '-'.", "Tag", strings.ToValidUTF8(t, "?"), "Max", TagMaxLen)
			return nil
		}
		if text.StackedMarks(t) {
			f.Add("tags", "field.tags.marks", TagMarksMsg, "Tag", shortTag(t), "Max", text.TagMarksMax)
			return nil
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	switch {
	case len(out) < TagsMin:
		f.Add("tags", "field.tags.required", "Add at least one tag, such as vpn or printer.")
	case len(out) > TagsMax:
		f.Add("tags", "field.tags.too_many", "Use at most {{.Max}} tags.", "Max", TagsMax)
	}
	return out
}

// TagMarksMsg is the English message of field.tags.marks: a tag with more
// combining marks on one letter than text.TagMarksMax ("Zalgo" text).
const TagMarksMsg = "Tag “{{.Tag}}”: a letter may carry at most {{.Max}} accents or other marks, as in “tiếng” or “हिन्दी”; this tag piles up more."

// shortTag is a refused tag as a message quotes it: its first 40 bytes.
func shortTag(t string) string {
	if len(t) > 40 {
		t = strings.ToValidUTF8(t[:40], "") + "…"
	}
	return t
}

func checkText(f *errs.Fields, field, s string, min, max int, multiline bool) {
	if p, ok := text.Check(s, min, max, multiline); !ok {
		f.Add(field, p.ID, p.Text, p.KV()...)
	}
}

// TitleLetters is the fewest letters a title has: a title of emoji,
// digits or punctuation alone says nothing a search can find.
const TitleLetters = 3

func validateTitle(f *errs.Fields, title string) {
	checkText(f, "title", title, TitleMin, TitleMax, false)
	if f.Has("title") {
		return
	}
	if text.Letters(title) < TitleLetters {
		f.Add("title", "field.title.letters", "Say what the problem is in words: use at least {{.Min}} letters.", "Min", TitleLetters)
	}
}

// cleanBody is a body as stored: with LF line ends (browsers send CRLF, so
// the same text sent again would read as changed).
func cleanBody(s string) string { return text.LineEnds(s) }

// sameBody reports whether an edited body is the stored one: the same text,
// or one that differs only by white space at the end and renders the same
// (at the end of a code block that white space shows).
func sameBody(edited, stored, editedHTML, storedHTML string) bool {
	return edited == stored || strings.TrimRight(edited, " \t\n") == strings.TrimRight(stored, " \t\n") && editedHTML == storedHTML
}

func validateBody(f *errs.Fields, body string) {
	checkText(f, "body", body, BodyMin, BodyMax, true)
}

func validateEditComment(f *errs.Fields, c string) {
	checkText(f, "comment", c, 0, EditCommentMax, false)
}
