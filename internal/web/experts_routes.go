package web

// expertRoutes registers the pages of the expert network and notifications.
func (s *Server) expertRoutes() {
	e := s.Echo
	e.GET("/experts", s.expertsPage)
	e.POST("/tags/:name/smes", s.smeSubmit)
	e.POST("/tags/:name/follow", s.followTag)
	e.POST("/questions/:id/follow", s.followQuestion)
	e.GET("/following", s.following)
	e.GET("/inbox", s.inbox)
	e.GET("/inbox/:id", s.inboxOpen)
	e.POST("/inbox/:id/read", s.inboxMarkOne)
	e.POST("/inbox/read", s.inboxMarkAll)
	e.GET("/settings", s.settingsForm)
	e.POST("/settings", s.settingsSubmit)
	e.POST("/settings/password", s.passwordChange)
	e.POST("/settings/account", s.accountSubmit)
	e.POST("/settings/tokens", s.tokenCreate)
	e.POST("/settings/tokens/:id/revoke", s.tokenRevoke)
	e.GET("/password/forgot", s.forgotForm)
	e.POST("/password/forgot", s.forgotSubmit)
	e.GET("/password/:token", s.passwordForm)
	e.POST("/password/:token", s.passwordSubmit)
	e.POST("/users/:id/password-link", s.passwordLink)
	e.POST("/users/:id/role", s.roleSubmit)
	e.GET("/admin/audit", s.auditLog)
	e.GET("/unsubscribe/:token", s.unsubscribeForm)
	e.POST("/unsubscribe/:token", s.unsubscribeSubmit)
}
