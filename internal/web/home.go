package web

import "stackdesk/internal/store"

// homeFor is the first page for someone of u's role, where an added account
// lands once its owner has chosen a password: the ticket queue for the
// hotline, the dashboard for analysts, the questions for everyone else.
func homeFor(u *store.User) string {
	switch u.Role {
	case store.RoleHotline:
		return "/tickets"
	case store.RoleAnalyst:
		return "/analytics"
	}
	return "/"
}
