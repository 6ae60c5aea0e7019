package deflection

import (
	"context"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// normsCounter holds the version of the rules that made the stored
// searches' Norm (what content gaps group by): 2, a Get-help problem is
// plain words, and a site search with filters, or a search without a letter
// or digit, is no content gap.
const normsCounter = "deflection.norms"

// normsVersion is the version of normalize and normalizeProblem.
const normsVersion = 2

// UpgradeNorms computes the Norm of every stored search again when the
// rules changed, once, a batch a transaction, so that content gaps over past
// ranges follow the rules of today. It returns how many searches changed.
// The site runs it as it starts.
func (s *Service) UpgradeNorms(ctx context.Context) (int, error) {
	db := s.Store.DB.WithContext(ctx)
	done, err := store.CounterValue(db, normsCounter)
	if err != nil {
		return 0, errs.Internalf(err, "deflection: norms version")
	}
	if done >= normsVersion {
		return 0, nil
	}
	n := 0
	for last := int64(0); ; {
		var rows []struct {
			ID     int64
			Query  string
			Norm   string
			Source string
		}
		if err := db.Table("help_events e").Select("e.id, e.query, e.norm, s.source").
			Joins("JOIN help_sessions s ON s.id = e.session_id").
			Where("e.id > ? AND e.type = ?", last, EventSearch).Order("e.id").Limit(500).Scan(&rows).Error; err != nil {
			return n, errs.Internalf(err, "deflection: searches to group again")
		}
		if len(rows) == 0 {
			break
		}
		err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
			for _, r := range rows {
				if norm := normalizeFor(r.Source, r.Query); norm != r.Norm {
					if err := tx.Model(&Event{}).Where("id = ?", r.ID).UpdateColumn("norm", norm).Error; err != nil {
						return err
					}
					n++
				}
			}
			return nil
		})
		if err != nil {
			return n, errs.Internalf(err, "deflection: group searches again")
		}
		last = rows[len(rows)-1].ID
	}
	if err := store.SetCounter(db, normsCounter, normsVersion); err != nil {
		return n, errs.Internalf(err, "deflection: norms version")
	}
	return n, nil
}

// foldCounter holds the version of the rules that made the stored tickets'
// SearchFold (ticketFold); foldVersion is today's: 1, Unicode's full case
// folding of the subject and the text.
const (
	foldCounter = "deflection.ticket_fold"
	foldVersion = 1
)

// UpgradeTicketFold computes the SearchFold of every stored ticket again
// when the rules changed (or the column is new, migration 00032), once, a
// batch a transaction, so that the ticket list's search finds tickets
// stored before. It returns how many tickets changed. The site runs it as
// it starts.
func (s *Service) UpgradeTicketFold(ctx context.Context) (int, error) {
	db := s.Store.DB.WithContext(ctx)
	done, err := store.CounterValue(db, foldCounter)
	if err != nil {
		return 0, errs.Internalf(err, "deflection: ticket fold version")
	}
	if done >= foldVersion {
		return 0, nil
	}
	n := 0
	for last := int64(0); ; {
		var rows []Ticket
		if err := db.Select("id", "subject", "body", "search_fold").Where("id > ?", last).
			Order("id").Limit(500).Find(&rows).Error; err != nil {
			return n, errs.Internalf(err, "deflection: tickets to fold")
		}
		if len(rows) == 0 {
			break
		}
		err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
			for _, t := range rows {
				if fold := ticketFold(t.Subject, t.Body); fold != t.SearchFold {
					if err := tx.Model(&Ticket{}).Where("id = ?", t.ID).UpdateColumn("search_fold", fold).Error; err != nil {
						return err
					}
					n++
				}
			}
			return nil
		})
		if err != nil {
			return n, errs.Internalf(err, "deflection: fold tickets")
		}
		last = rows[len(rows)-1].ID
	}
	if err := store.SetCounter(db, foldCounter, foldVersion); err != nil {
		return n, errs.Internalf(err, "deflection: ticket fold version")
	}
	return n, nil
}
