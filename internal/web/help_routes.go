package web

// helpRoutes registers the deflection pages: Get help, the dashboard and
// the hotline's tickets.
func (s *Server) helpRoutes() {
	e := s.Echo
	e.GET("/help", s.helpForm)
	e.POST("/help", s.helpSubmit)
	e.POST("/help/solved", s.helpSolved)
	e.GET("/help/:id", postOnlyAt("id", "solved", s.helpSession))
	e.GET("/help/:id/open/:qid", s.helpOpen)
	e.GET("/help/:id/ask", s.helpAskForm)
	e.POST("/help/:id/ask", s.helpAskSubmit)
	e.GET("/help/:id/ticket", s.helpTicketForm)
	e.POST("/help/:id/ticket", s.helpTicketSubmit)
	e.GET("/help/:id/done", s.helpDone)
	e.GET("/analytics", s.analytics)
	e.GET("/analytics.csv", s.analyticsCSV)
	e.GET("/analytics/sessions", s.analyticsSessions)
	e.GET("/tickets", s.tickets)
	e.GET("/tickets/:id", s.ticket)
	e.POST("/tickets/:id/resolve", s.ticketResolve)
	e.POST("/tickets/:id/messages", s.ticketMessage)
	e.POST("/tickets/:id/take", s.ticketTake)
	e.POST("/tickets/:id/release", s.ticketRelease)
	e.POST("/tickets/:id/withdraw", s.ticketWithdraw)
	e.POST("/tickets/:id/reopen", s.ticketReopen)
	e.POST("/tickets/deliveries/:id/retry", s.deliveryRetry)
	s.ticketDeskRoutes()
}
