package qa

import (
	"context"
	"slices"
	"strings"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// How many candidates each kind of likeness fetches at most: the tags
// that start alike, those of about the same length with the same first
// letter (where a typo is looked for) and those that contain the name.
const (
	similarByPrefix   = 100
	similarByTypo     = 300
	similarByContains = 50
)

// SimilarOffered bounds the tags offered for each tag filter of a search
// that no question has.
const SimilarOffered = 5

// SimilarTagNames returns, for each of names (tag filters no question
// has), the names of up to SimilarOffered tags like it (SimilarTags); names
// with none are left out.
func (s *Service) SimilarTagNames(ctx context.Context, names []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, n := range names {
		similar, _, err := s.SimilarTags(ctx, n, SimilarOffered)
		if err != nil {
			return nil, err
		}
		for _, t := range similar {
			out[n] = append(out[n], t.Name)
		}
	}
	return out, nil
}

// SimilarTags returns up to limit tags in use whose names are like name,
// offered where a tag name leads nowhere: first those that start with all
// of name, then those one or two edits from it (a typo: "pirnter" is
// "printer"; one edit for names up to four letters), then those that
// contain it, then those that share the longest start with it (its first
// five, four, three or two characters). It also returns the longest such
// start any tag has, for a link to more of them. One query fetches a
// bounded set of candidates, which are ranked here.
func (s *Service) SimilarTags(ctx context.Context, name string, limit int) ([]store.Tag, string, error) {
	r := []rune(text.NormalizeTag(name))
	if len(r) == 0 {
		return nil, "", nil
	}
	term := string(r)
	lens := []int{len(r)} // the starts, longest first
	for _, n := range []int{5, 4, 3, 2} {
		if n < len(r) {
			lens = append(lens, n)
		}
	}
	var parts []string
	var args []any
	cols := "SELECT id, name, question_count FROM tags WHERE question_count > 0 AND "
	if shortest := string(r[:lens[len(lens)-1]]); text.ValidTagPrefix(shortest) {
		cond, cargs := s.Store.PrefixRange("name", shortest)
		rank := "CASE"
		var rargs []any
		for i, n := range lens {
			rank += " WHEN substr(name, 1, ?) = ? THEN " + string(rune('0'+i))
			rargs = append(rargs, n, string(r[:n]))
		}
		rank += " ELSE 9 END"
		parts = append(parts, cols+cond+" ORDER BY "+rank+", question_count DESC, name LIMIT ?")
		args = append(append(append(args, cargs...), rargs...), similarByPrefix)
	}
	maxEdits := typoEdits(len(r))
	if first := string(r[:1]); maxEdits > 0 && text.ValidTagPrefix(first) {
		cond, cargs := s.Store.PrefixRange("name", first)
		parts = append(parts, cols+cond+" AND length(name) BETWEEN ? AND ? ORDER BY question_count DESC, name LIMIT ?")
		args = append(append(args, cargs...), len(r)-maxEdits, len(r)+maxEdits, similarByTypo)
	}
	if len(r) >= 3 && text.ValidTagPrefix(term) {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(term)
		parts = append(parts, cols+`name LIKE ? ESCAPE '\' ORDER BY question_count DESC, name LIMIT ?`)
		args = append(args, "%"+esc+"%", similarByContains)
	}
	if len(parts) == 0 {
		return nil, "", nil
	}
	for i, p := range parts {
		parts[i] = "SELECT * FROM (" + p + ") AS c" + string(rune('0'+i))
	}
	var found []store.Tag
	if err := s.Store.DB.WithContext(ctx).Raw(strings.Join(parts, "\nUNION ALL\n"), args...).Scan(&found).Error; err != nil {
		return nil, "", errs.Internalf(err, "qa: similar tags")
	}

	type ranked struct {
		tag        store.Tag
		class, sub int
	}
	var list []ranked
	seen := map[int64]bool{}
	longest := 0
	for _, t := range found {
		if seen[t.ID] {
			continue
		}
		seen[t.ID] = true
		shared := 0
		for _, n := range lens {
			if p := string(r[:n]); text.ValidTagPrefix(p) && strings.HasPrefix(t.Name, p) {
				shared = n
				break
			}
		}
		longest = max(longest, shared)
		var c ranked
		switch d := editDistance(r, []rune(t.Name), maxEdits); {
		case shared == len(r):
			c = ranked{t, 0, 0}
		case d <= maxEdits:
			c = ranked{t, 1, d}
		case len(r) >= 3 && strings.Contains(t.Name, term):
			c = ranked{t, 2, 0}
		case shared > 0:
			c = ranked{t, 3, -shared}
		default:
			continue
		}
		list = append(list, c)
	}
	slices.SortFunc(list, func(a, b ranked) int {
		switch {
		case a.class != b.class:
			return a.class - b.class
		case a.sub != b.sub:
			return a.sub - b.sub
		case a.tag.QuestionCount != b.tag.QuestionCount:
			return b.tag.QuestionCount - a.tag.QuestionCount
		}
		return strings.Compare(a.tag.Name, b.tag.Name)
	})
	var tags []store.Tag
	for _, c := range list[:min(limit, len(list))] {
		tags = append(tags, c.tag)
	}
	prefix := ""
	if longest > 0 {
		prefix = string(r[:longest])
	}
	return tags, prefix, nil
}

// typoEdits is how many edits a name of n characters may be from a tag's
// to be taken for a typo of it: none below three characters (every short
// name is one edit from many), one up to four, else two.
func typoEdits(n int) int {
	switch {
	case n < 3:
		return 0
	case n <= 4:
		return 1
	}
	return 2
}

// editDistance counts the insertions, deletions, substitutions and swaps
// of neighbouring characters that turn a into b (optimal string
// alignment), or returns bound+1 once it is sure to exceed bound.
func editDistance(a, b []rune, bound int) int {
	if d := len(a) - len(b); d > bound || -d > bound {
		return bound + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low > bound {
			return bound + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], bound+1)
}
