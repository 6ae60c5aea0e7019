package deflection

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// TicketFilter selects tickets for the hotline list.
type TicketFilter struct {
	Status   string // open, waiting, resolved, withdrawn, active (open or waiting: StatusActive), or "" or all (StatusAll) for every status
	Order    string // newest (default), oldest first (as a queue is worked) or priority (OrderPriority; staff only)
	Assigned string // me (held by the actor), none (held by nobody) or "" for either
	Query    string // words the subject or text contains, whatever their case (folded: "strasse" finds "Straße"), the ticket's number ("13", "#13") or, for those who see contacts, the start of who filed it (ticketSearch)
	Delivery string // failed (a delivery to the hotline failed) or "" for any; staff only
	Priority string // one of Priorities, or "" for any; staff only
	Page     int
	PageSize int
}

// TicketRow is a ticket in a list, with the state of its deliveries.
type TicketRow struct {
	Ticket
	Deliveries []Delivery
	Language   string // the language to answer the employee in: Ticket.MailLang with their account, as the webhook says
}

// StatusActive is the status filter of the tickets still to be worked:
// open or waiting on the employee. An agent's own tickets ("Mine") are
// listed so by default.
const StatusActive = "active"

// StatusAll is the status filter of every ticket, as no status is: the
// ticket page's own link value, so its address works in the API as well.
const StatusAll = "all"

// DeliveryState sums up a ticket's deliveries to the hotline: "" (none),
// pending, delivered or failed. The hotline's messages to the employee
// (ChannelReply) are not deliveries to the hotline and do not count.
func (r TicketRow) DeliveryState() string {
	state := ""
	for _, d := range r.Deliveries {
		switch {
		case d.Channel == ChannelReply:
		case d.Status == DeliveryFailed:
			return DeliveryFailed
		case d.Status == DeliveryPending:
			state = DeliveryPending
		case state == "":
			state = DeliveryDelivered
		}
	}
	return state
}

// The assignment filters of the ticket list.
const (
	AssignedMe   = "me"
	AssignedNone = "none"
)

// TicketQueryMax bounds the text the ticket list is searched for, in characters.
const TicketQueryMax = 200

// Tickets lists tickets, newest first: all of them for the hotline,
// analysts and admins; their own (filed while logged in) for others.
func (s *Service) Tickets(ctx context.Context, actor *store.User, f TicketFilter) ([]TicketRow, int64, error) {
	if actor == nil {
		return nil, 0, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	staff := CanSeeTickets(actor)
	var fe errs.Fields
	switch f.Status {
	case "", StatusAll, TicketOpen, TicketWaiting, TicketResolved, TicketWithdrawn, StatusActive:
	default:
		fe.Add("status", "ticket.status_value", "The status is all, active (open or waiting), open, waiting, resolved or withdrawn.")
	}
	order := "id DESC"
	switch f.Order {
	case "", "newest":
	case "oldest":
		order = "id"
	case OrderPriority:
		if staff { // (an employee's own tickets: the priority is the hotline's business)
			order = priorityOrder
		}
	default:
		fe.Add("order", "ticket.order_value", "The order is newest, oldest or priority.")
	}
	switch f.Assigned {
	case "", AssignedMe, AssignedNone:
	default:
		fe.Add("assigned", "ticket.assigned_value", "The assignment is me or none.")
	}
	switch f.Delivery {
	case "", DeliveryFailed:
	default:
		fe.Add("delivery", "ticket.delivery_value", "The delivery filter is failed or left out.")
	}
	f.Query = strings.TrimSpace(f.Query)
	if p, ok := text.Check(f.Query, 0, TicketQueryMax, false); !ok {
		fe.Add("q", p.ID, p.Text, p.KV()...)
	}
	badPriority := f.Priority != "" && !slices.Contains(Priorities, f.Priority)
	if len(fe) > 0 && badPriority { // said with the others at once
		fe.Add("priority", "ticket.priority_value", "The priority is low, normal, high or urgent.")
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	if badPriority {
		return nil, 0, errPriority("priority")
	}
	page, size := pageOf(f.Page, f.PageSize)
	db := s.Store.DB.WithContext(ctx)
	q := db.Model(&Ticket{})
	if !staff {
		q = q.Where("user_id = ?", actor.ID)
	}
	switch f.Status {
	case "", StatusAll:
	case StatusActive:
		q = q.Where("status IN ?", []string{TicketOpen, TicketWaiting})
	default:
		q = q.Where("status = ?", f.Status)
	}
	switch {
	case !staff: // an employee's own tickets, whoever holds them
	case f.Assigned == AssignedMe:
		q = q.Where("assigned_to = ?", actor.ID)
	case f.Assigned == AssignedNone:
		q = q.Where("assigned_to IS NULL")
	}
	if staff && f.Priority != "" {
		q = q.Where("priority = ?", f.Priority)
	}
	if staff && f.Delivery == DeliveryFailed { // (an employee's own tickets: deliveries are not theirs to see)
		q = q.Where(failedDelivery)
	}
	if f.Query != "" { // the text, the number, who filed it: see ticketSearch
		cond, args, err := s.ticketSearch(db, actor, f.Query)
		if err != nil {
			return nil, 0, wrap(err, "tickets")
		}
		q = q.Where(cond, args...)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, wrap(err, "tickets")
	}
	var ts []Ticket
	if err := q.Order(order).Offset((page - 1) * size).Limit(size).Find(&ts).Error; err != nil {
		return nil, 0, wrap(err, "tickets")
	}
	rows := make([]TicketRow, len(ts))
	ids := make([]int64, len(ts))
	for i, t := range ts {
		rows[i].Ticket = t
		ids[i] = t.ID
	}
	if len(ids) > 0 {
		var ds []Delivery
		if err := db.Where("ticket_id IN ?", ids).Order("id").Find(&ds).Error; err != nil {
			return nil, 0, wrap(err, "tickets")
		}
		at := map[int64]int{}
		for i, t := range ts {
			at[t.ID] = i
		}
		for _, d := range ds {
			i := at[d.TicketID]
			rows[i].Deliveries = append(rows[i].Deliveries, d)
		}
	}
	if err := fileLanguages(db, rows); err != nil {
		return nil, 0, wrap(err, "tickets")
	}
	for i := range rows {
		redact(actor, &rows[i])
	}
	return rows, total, nil
}

// fileLanguages sets the language to answer each ticket's employee in
// (TicketRow.Language), reading the accounts of those who filed them while
// logged in with one query.
func fileLanguages(db *gorm.DB, rows []TicketRow) error {
	var ids []int64
	for _, r := range rows {
		if r.UserID != nil {
			ids = append(ids, *r.UserID)
		}
	}
	filers := map[int64]*store.User{}
	if len(ids) > 0 {
		var us []store.User
		if err := db.Select("id", "language").Where("id IN ?", ids).Find(&us).Error; err != nil {
			return err
		}
		for i := range us {
			filers[us[i].ID] = &us[i]
		}
	}
	for i := range rows {
		var u *store.User
		if id := rows[i].UserID; id != nil {
			u = filers[*id]
		}
		rows[i].Language = rows[i].MailLang(u)
	}
	return nil
}

// CanSeeContact reports whether a user may see who filed a ticket and how to
// reach them: the hotline and admins; analysts see tickets without it.
func CanSeeContact(u *store.User) bool { return CanResolve(u) }

// redact hides a ticket's contact from those who only analyse, and its
// deliveries, who holds it and its priority (the hotline's business) from
// the employee who filed it.
func redact(actor *store.User, row *TicketRow) {
	if !CanSeeTickets(actor) {
		row.Deliveries = nil
		row.AssignedTo, row.AssignedAt = nil, nil
		row.Priority = ""
		return
	}
	if !CanSeeContact(actor) {
		row.Email, row.UserID, row.Visitor = "", nil, ""
		for i := range row.Deliveries {
			row.Deliveries[i].Payload, row.Deliveries[i].Target = "", "" // a reply's target is the employee's address
		}
	}
}

// TicketByID returns one ticket with its deliveries (hotline, analysts,
// admins), or one's own ticket without them.
func (s *Service) TicketByID(ctx context.Context, actor *store.User, id int64) (*TicketRow, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	db := s.Store.DB.WithContext(ctx)
	var row TicketRow
	err := db.Where("id = ?", id).Take(&row.Ticket).Error
	if err == nil && !CanSeeTickets(actor) && (row.UserID == nil || *row.UserID != actor.ID) {
		err = gorm.ErrRecordNotFound // someone else's: as if there were none
	}
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "ticket.not_found", "No such ticket.")
	}
	if err != nil {
		return nil, wrap(err, "ticket")
	}
	if err := db.Where("ticket_id = ?", id).Order("id").Find(&row.Deliveries).Error; err != nil {
		return nil, wrap(err, "ticket")
	}
	rows := []TicketRow{row}
	if err := fileLanguages(db, rows); err != nil {
		return nil, wrap(err, "ticket")
	}
	row = rows[0]
	redact(actor, &row)
	return &row, nil
}

// NextOpenTicket is the next ticket for whoever works the queue (the
// hotline and admins), as the queue lists them: the oldest open ticket
// other than exceptID that nobody else holds (the actor's own or nobody's);
// nil when none waits or the actor does not resolve tickets.
func (s *Service) NextOpenTicket(ctx context.Context, actor *store.User, exceptID int64) (*Ticket, error) {
	if !CanResolve(actor) {
		return nil, nil
	}
	var t Ticket
	err := s.Store.DB.WithContext(ctx).Select("id", "subject", "assigned_to").
		Where("status = ? AND id <> ? AND (assigned_to IS NULL OR assigned_to = ?)", TicketOpen, exceptID, actor.ID).
		Order("id").Take(&t).Error
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap(err, "next open ticket")
	}
	return &t, nil
}

// UnassignedOpenTickets counts the open tickets nobody holds, for the
// header of whoever works the queue (the hotline and admins); 0 for others.
func (s *Service) UnassignedOpenTickets(ctx context.Context, actor *store.User) (int64, error) {
	if !CanResolve(actor) {
		return 0, nil
	}
	var n int64
	err := s.Store.DB.WithContext(ctx).Model(&Ticket{}).
		Where("status = ? AND assigned_to IS NULL", TicketOpen).Count(&n).Error
	if err != nil {
		return 0, wrap(err, "count unassigned open tickets")
	}
	return n, nil
}

// failedDelivery is the condition that a delivery of the ticket to the
// hotline failed: what the ticket list's delivery state shows as failed.
// It is read from the deliveries' side (their status index), not per ticket.
const failedDelivery = "tickets.id IN (" + failedDeliveryTickets + ")"

// failedDeliveryTickets selects the tickets of which a delivery to the hotline failed.
const failedDeliveryTickets = "SELECT ticket_id FROM deliveries WHERE " + failedDeliveryWhere

// failedDeliveryWhere is a failed delivery to the hotline (a reply, to the
// employee, is not one).
const failedDeliveryWhere = "status = '" + DeliveryFailed + "' AND channel <> '" + ChannelReply + "'"

// failedDeliveryCount counts the tickets of which a delivery to the
// hotline failed, from the deliveries alone.
const failedDeliveryCount = "SELECT COUNT(DISTINCT ticket_id) FROM deliveries WHERE " + failedDeliveryWhere

// FailedDeliveryTickets counts the tickets, whatever their status, of which a
// delivery to the hotline failed, for the ticket list of those who see
// deliveries (the hotline, analysts, admins); 0 for others.
func (s *Service) FailedDeliveryTickets(ctx context.Context, actor *store.User) (int64, error) {
	if !CanSeeTickets(actor) {
		return 0, nil
	}
	var n int64
	if err := s.Store.DB.WithContext(ctx).Raw(failedDeliveryCount).Scan(&n).Error; err != nil {
		return 0, wrap(err, "count tickets with a failed delivery")
	}
	return n, nil
}
