package notify

import (
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
)

// MaxMentions is how many distinct @usernames one text can notify.
const MaxMentions = 20

// Mentions returns the usernames @mentioned in a post's or comment's
// stored HTML, lower-cased, in order of first mention, at most
// MaxMentions: those the rendered text shows as mentions, so code, and the
// text of a link ("[ask @bob](URL)", "[@bob](/users/7)" too), names nobody. A name ending in '.',
// '-' or '_' (as at the end of a sentence) is also tried without it. The
// HTML is the one the write rendered and stores: its Markdown is not
// parsed again inside the write's transaction.
func Mentions(html string) []string {
	return markdown.StoredMentionNames(html, MaxMentions)
}

// mentioned resolves @mentioned names (as Mentions returns them) to user
// ids, in order of first mention; unknown usernames are ignored.
func mentioned(tx *gorm.DB, names []string) ([]int64, error) {
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
