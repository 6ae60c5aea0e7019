package deflection

import (
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// requireRole lets the actor through when they hold one of the roles; its
// refusal names them (errs.Error.Roles).
func requireRole(actor *store.User, roles ...string) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	for _, r := range roles {
		if actor.Role == r {
			return nil
		}
	}
	e := errs.E(errs.Forbidden, "deflection.forbidden", "Your role does not allow this.")
	e.Roles = roles
	return e
}

// CanSeeAnalytics reports whether a user may open the dashboard.
func CanSeeAnalytics(u *store.User) bool {
	return requireRole(u, store.RoleAnalyst, store.RoleAdmin) == nil
}

// CanSeeTickets reports whether a user may see every hotline ticket (others
// see the ones they filed).
func CanSeeTickets(u *store.User) bool {
	return requireRole(u, store.RoleHotline, store.RoleAnalyst, store.RoleAdmin) == nil
}

// CanResolve reports whether a user may resolve tickets.
func CanResolve(u *store.User) bool {
	return requireRole(u, store.RoleHotline, store.RoleAdmin) == nil
}

// maxPageSize bounds list pages.
const maxPageSize = 100

func pageOf(page, size int) (int, int) {
	if page < 1 {
		page = 1
	}
	if size < 1 {
		size = 20
	}
	if size > maxPageSize {
		size = maxPageSize
	}
	return page, size
}

// RequireAnalyst fails unless the user may open the dashboard (analysts and admins).
func RequireAnalyst(u *store.User) error { return requireRole(u, store.RoleAnalyst, store.RoleAdmin) }
