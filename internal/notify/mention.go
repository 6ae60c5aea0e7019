package notify

import (
	"regexp"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
)

// MaxMentions is how many distinct @usernames one text can notify.
const MaxMentions = 20

var (
	fenceRE  = regexp.MustCompile("(?ms)^ {0,3}(```|~~~).*?(?:^ {0,3}```|^ {0,3}~~~|\\z)")
	inlineRE = regexp.MustCompile("`[^`\n]*`")
)

// Mentions returns the usernames @mentioned in Markdown text, lower-cased,
// in order of first mention, at most MaxMentions. Code blocks and code spans
// are skipped. A name ending in '.', '-' or '_' (as at the end of a
// sentence) is also tried without it.
func Mentions(text string) []string {
	text = fenceRE.ReplaceAllString(text, " ")
	text = inlineRE.ReplaceAllString(text, " ")
	var out []string
	seen := map[string]bool{}
	for _, m := range markdown.MentionRE.FindAllStringSubmatch(text, -1) {
		name := strings.ToLower(m[1])
		for _, n := range []string{name, strings.TrimRight(name, "._-")} {
			if len(n) >= 3 && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
		if len(seen) >= MaxMentions {
			break
		}
	}
	return out
}

// mentioned resolves the @mentions of text to user ids, in order of first
// mention; unknown usernames are ignored.
func mentioned(tx *gorm.DB, text string) ([]int64, error) {
	names := Mentions(text)
	if len(names) == 0 {
		return nil, nil
	}
	var us []store.User
	if err := tx.Select("id", "username").Where("username IN ?", names).Find(&us).Error; err != nil {
		return nil, err
	}
	byName := map[string]int64{}
	for _, u := range us {
		byName[u.Username] = u.ID
	}
	var ids []int64
	for i := 0; i < len(names); i++ {
		id, ok := byName[names[i]]
		if !ok {
			continue
		}
		// "@ada." matches both "ada." and "ada": take the longer name that exists.
		if i+1 < len(names) && names[i+1] == strings.TrimRight(names[i], "._-") {
			i++
		}
		ids = append(ids, id)
	}
	return ids, nil
}
