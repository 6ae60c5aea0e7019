package seed

import (
	"strings"
	"time"

	"stackdesk/internal/store"
)

// Login is a demo account as the README and `stackdesk seed --demo` print it.
type Login struct {
	Username string
	Password string
	Role     string
}

// demoUser is a demo account with its profile.
type demoUser struct {
	Login
	Display  string
	Email    string
	Language string // "" follows the browser
	About    string
}

var demoUsers = []demoUser{
	{Login{"admin", "admin-demo", store.RoleAdmin}, "Stackdesk Admin", "admin@example.com", "", "Runs this Stackdesk site."},
	{Login{"support", "support-demo", store.RoleAnalyst}, "IT Service Desk", "support@example.com", "", "The IT service desk team. Hotline: extension 4444."},
	{Login{"jonas.berger", "jonas-demo", store.RoleHotline}, "Jonas Berger", "jonas.berger@example.com", "de", "IT-Hotline, erster Level: Tickets aus „Hilfe holen“."},
	{Login{"sabine.keller", "sabine-demo", store.RoleModerator}, "Sabine Keller", "sabine.keller@example.com", "de", "IT Service Desk, München. Moderatorin."},
	{Login{"anna.schmidt", "anna-demo", store.RoleUser}, "Anna Schmidt", "anna.schmidt@example.com", "de", "Controlling, Hamburg."},
	{Login{"ben.miller", "ben-demo", store.RoleUser}, "Ben Miller", "ben.miller@example.com", "", "Key account manager, London. Mostly on the road."},
	{Login{"lukas.weber", "lukas-demo", store.RoleUser}, "Lukas Weber", "lukas.weber@example.com", "de", "Softwareentwicklung, Stuttgart."},
	{Login{"priya.nair", "priya-demo", store.RoleUser}, "Priya Nair", "priya.nair@example.com", "", "Data engineering, Munich."},
}

// DemoLogins are the accounts Demo creates, with their passwords.
var DemoLogins = func() []Login {
	out := make([]Login, len(demoUsers))
	for i, u := range demoUsers {
		out[i] = u.Login
	}
	return out
}()

// demoQuestion is one question of the demo site with everything that follows it.
// Times are relative: the question DaysAgo before now, answers and edits
// After the question, comments After the post they are on.
type demoQuestion struct {
	Key      string
	Author   string
	DaysAgo  float64
	Title    string
	Body     string
	Tags     []string
	Comments []demoComment
	Answers  []demoAnswer
	Edit     *demoEdit
}

type demoAnswer struct {
	Author   string
	After    time.Duration
	Body     string
	Accepted bool
	Comments []demoComment
}

type demoComment struct {
	Author string
	After  time.Duration
	Body   string
}

// demoEdit is a later edit of a question by its author.
type demoEdit struct {
	After   time.Duration
	Title   string // "" keeps the title
	Body    string // "" keeps the body
	Tags    []string
	Comment string
}

// md turns the ´ that demo texts use (Go raw strings cannot hold a backtick)
// into Markdown's backtick.
func md(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "´", "`") }

const (
	minute = time.Minute
	hour   = time.Hour
	day    = 24 * time.Hour
)

// demoQuestions is the demo site's content, written for it.
var demoQuestions = concat(demoAccess, demoDevices, demoWork)

func concat[T any](parts ...[]T) []T {
	var out []T
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
