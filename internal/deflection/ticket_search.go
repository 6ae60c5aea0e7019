package deflection

import (
	"strconv"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// SubmitterMatchMax bounds the accounts whose tickets a search finds by who
// filed them: a search that names more people (a letter or two) finds the
// tickets of the first ones, by id, beside every ticket its text finds.
const SubmitterMatchMax = 200

// ticketSearch is the condition of the ticket list's search q (trimmed, not
// empty) for actor, with its arguments. A ticket matches when
//   - its subject or text contains q, folded alike on both sides
//     ("strasse" finds "Straße"); PostgreSQL's trigram index serves it where
//     pg_trgm is at hand (migration 00032);
//   - q is its number, "13" or "#13";
//   - for those who may see who filed tickets (CanSeeContact): the e-mail
//     address given on it starts with q, or whoever filed it logged in has
//     a username, a display name's word or an account address starting with
//     q (lower-cased for any script), as their account reads now.
//
// The accounts are looked up first, at most SubmitterMatchMax of them, so
// that each part of the condition has an index on PostgreSQL (the address
// on the ticket and the account's: migration 00056) and the list reads no
// table whole; SQLite reads every ticket for the text anyway.
func (s *Service) ticketSearch(db *gorm.DB, actor *store.User, q string) (string, []any, error) {
	cond, pattern := store.ContainsLike("search_fold", text.Fold(q))
	conds, args := []string{cond}, []any{pattern}
	if id, ok := ticketNumber(q); ok {
		conds, args = append(conds, "tickets.id = ?"), append(args, id)
	}
	if CanSeeContact(actor) {
		lower := strings.ToLower(q)
		c, a := s.Store.PrefixRange(s.Store.Lower("tickets.email"), lower)
		conds, args = append(conds, "("+c+")"), append(args, a...)
		users, err := s.submitters(db, lower)
		if err != nil {
			return "", nil, err
		}
		if len(users) > 0 {
			conds, args = append(conds, "tickets.user_id IN ?"), append(args, users)
		}
	}
	return "(" + strings.Join(conds, " OR ") + ")", args, nil
}

// ticketNumber reads a search that is a ticket's number, "13" or "#13".
func ticketNumber(q string) (int64, bool) {
	q = strings.TrimPrefix(q, "#")
	if q == "" || strings.TrimLeft(q, "0123456789") != "" {
		return 0, false
	}
	id, err := strconv.ParseInt(q, 10, 64)
	return id, err == nil && id > 0
}

// submitters are the ids of the accounts (at most SubmitterMatchMax, the
// first by id) with a username, a display name's word or an e-mail address
// starting with lower (lower-cased): "emma" finds Emma Neu (@emma.neu,
// emma@example.com), "neu" her too. The username's prefix index (00047),
// the display names' word trigrams (00042, the very expression) and the
// lower-cased address's index (00056) serve it on PostgreSQL.
func (s *Service) submitters(db *gorm.DB, lower string) ([]int64, error) {
	user, prefix := store.PrefixLike("username", lower)
	name, words := store.ContainsLike("(' ' || REPLACE("+s.Store.Lower("display_name")+", '-', ' '))",
		" "+strings.ReplaceAll(lower, "-", " "))
	mail, margs := s.Store.PrefixRange(s.Store.Lower("email"), lower)
	ids := []int64{}
	err := db.Model(&store.User{}).Where("("+user+" OR "+name+" OR ("+mail+"))", append([]any{prefix, words}, margs...)...).
		Order("id").Limit(SubmitterMatchMax).Pluck("id", &ids).Error
	return ids, err
}
