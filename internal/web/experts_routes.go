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
	e.GET("/uploads/new", s.uploadForm)
	e.POST("/uploads", s.upload)
	e.GET("/uploads/:name", s.uploadFile)
	e.GET("/admin/uploads", s.recentUploads)
	e.POST("/admin/uploads/remove", s.removeUpload)
	e.GET("/admin/flags", s.flagQueue)
	e.POST("/admin/flags/resolve", s.flagResolve)
	// The queue shown again at the form's address (a refused note) links
	// its pages relative to it: they lead back to the queue.
	e.GET("/admin/flags/resolve", s.flagQueueAgain)
	e.GET("/posts/:id/flag", s.flagForm(false))
	e.POST("/posts/:id/flag", s.flagSubmit(false))
	e.GET("/comments/:id/flag", s.flagForm(true))
	e.POST("/comments/:id/flag", s.flagSubmit(true))
	e.GET("/unsubscribe/:token", s.unsubscribeForm)
	e.POST("/unsubscribe/:token", s.unsubscribeSubmit)
}
