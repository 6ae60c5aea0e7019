package web

import (
	"net/url"
	"strings"
)

// routes registers every HTML page.
func (s *Server) routes() {
	e := s.Echo
	e.GET("/", s.questions)
	e.GET("/questions", s.questions)
	e.GET("/questions/ask", s.askForm)
	e.POST("/questions/ask", s.askSubmit)
	e.GET("/questions/:id", s.question)
	e.GET("/questions/:id/:slug", s.question)
	// A Stack Exchange site's addresses, which imported posts link to.
	e.GET("/questions/tagged/:tag", s.taggedLink)
	e.GET("/q/:id", s.postLink)
	e.GET("/q/:id/:user", s.postLink)
	e.GET("/a/:id", s.postLink)
	e.GET("/a/:id/:user", s.postLink)
	e.POST("/questions/:id/answers", s.answerSubmit)
	e.POST("/questions/:id/close", s.closeQuestion)
	e.POST("/questions/:id/reopen", s.reopenQuestion)
	e.POST("/questions/:id/close-votes", s.closeVote)
	e.POST("/questions/:id/close-votes/retract", s.retractCloseVote)
	e.GET("/posts/:id/edit", s.editForm)
	e.POST("/posts/:id/edit", s.editSubmit)
	e.POST("/posts/:id/delete", s.deletePost)
	e.POST("/posts/:id/undelete", s.undeletePost)
	e.POST("/posts/:id/comments", s.commentSubmit)
	e.GET("/posts/:id/revisions", s.revisions)
	e.GET("/comments/:id/edit", s.commentEditForm)
	e.POST("/comments/:id/edit", s.commentEditSubmit)
	e.POST("/comments/:id/delete", s.deleteComment)
	e.POST("/comments/:id/undelete", s.undeleteComment)
	e.POST("/posts/:id/vote", s.vote)
	e.POST("/answers/:id/accept", s.accept)
	e.GET("/badges", s.badges)
	e.GET("/privileges", s.privileges)
	e.GET("/badges/:name", s.badge)
	e.GET("/search", s.searchPage)
	e.GET("/tags", s.tags)
	e.GET("/tags/:name", s.tag)
	e.GET("/users", s.users)
	e.GET("/users/:id", s.user)
	e.GET("/users/:id/:slug", s.user)
	e.GET("/signup", s.signupForm)
	e.POST("/signup", s.signupSubmit)
	e.GET("/login", s.loginForm)
	e.POST("/login", s.loginSubmit)
	e.POST("/logout", s.logout)
	e.POST("/language", s.setLanguage)
	s.helpRoutes()
	s.expertRoutes()
	s.suggestRoutes()
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// localPath returns next when it is a path on this site, else "/"; it keeps
// log-in redirects from sending people elsewhere. Browsers drop tabs and
// newlines from addresses and read a backslash as a slash, so "/\t/evil"
// and "/\\evil" would leave the site: any control character, space or
// backslash, a scheme or a host refuses the path.
func localPath(next string) string {
	if len(next) == 0 || len(next) >= 2000 || next[0] != '/' || strings.ContainsAny(next, "\\ ") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}
