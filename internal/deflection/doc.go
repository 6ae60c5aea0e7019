// Package deflection measures how many hotline tickets the community saves.
//
// A help session starts when an employee describes a problem on "Get help"
// (or marks a question found through the site search as the solution). It
// records searches and viewed questions, and ends with exactly one outcome:
// solved (an existing answer solved it), asked (a question was posted),
// ticket (handed to the hotline) or abandoned (no outcome within the idle
// timeout, set by a background job). A configurable holdout share of
// sessions is shown no suggestions, so that the dashboard can estimate the
// causal effect of suggestions on the ticket rate.
//
// Tickets carry a snapshot of their session trail and are handed to the
// hotline through a delivery queue in the database (a signed webhook and,
// optionally, e-mail), retried with exponential backoff, so that an outage
// loses nothing. The hotline's resolution can be published as a question
// with an accepted answer when the employee consented.
//
// Metrics (Dashboard) are computed from these rows per day, week or month;
// the formulas are in metrics.go and in the README.
package deflection
