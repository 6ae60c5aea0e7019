package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// route is one API operation: how Echo calls it and how OpenAPI describes it.
type route struct {
	Method  string
	Path    string // Echo syntax, e.g. /questions/:id
	handler echo.HandlerFunc
	Summary string
	Tag     string
	Auth    bool // needs a logged-in user or token
	Body    any  // example of the request body type, nil for none
	Returns any  // example of the success body type, nil for none
	Status  int  // success status
	Paged   bool // takes page and page_size
	Query   []string
	// Missing: the query can name something that does not exist (a tag),
	// which is a 404 as a missing path parameter is.
	Missing bool
	// Conflict: the request can conflict with the state of what it acts
	// on (a second vote or flag, a closed question, an edit of an older
	// revision, a ticket resolved meanwhile), which is a 409.
	Conflict bool
	// CSV: the success body is a CSV file (text/csv), not JSON.
	CSV bool
	// Repeat: the same body sent again by its author within
	// qa.RepeatWindow gives back the first with 200 rather than Status.
	Repeat bool
}

func routes(h *handlers) []route {
	return []route{
		{Method: http.MethodPost, Path: "/users", handler: h.signUp, Summary: "Sign up", Conflict: true, Tag: "accounts", Body: SignUpJSON{}, Returns: UserJSON{}, Status: 201},
		{Method: http.MethodGet, Path: "/users/:id", handler: h.getUser, Summary: "A user", Tag: "accounts", Returns: UserJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/me", handler: h.me, Summary: "The calling user", Tag: "accounts", Auth: true, Returns: UserJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/tokens", handler: h.createToken, Summary: "Create an API token from username and password, with a scope (read, write or staff; left out, the widest the owner may have)", Tag: "accounts", Body: TokenRequestJSON{}, Returns: TokenJSON{}, Status: 201},
		{Method: http.MethodGet, Path: "/tokens", handler: h.listTokens, Summary: "The caller's API tokens", Tag: "accounts", Auth: true, Returns: ListJSON[TokenJSON]{}, Status: 200},
		{Method: http.MethodDelete, Path: "/tokens/:id", handler: h.revokeToken, Summary: "Revoke an API token (one's own; administrators anyone's, in the audit log)", Tag: "accounts", Auth: true, Status: 204},
		{Method: http.MethodPatch, Path: "/me", handler: h.patchMe, Summary: "Change the caller's display name or e-mail address", Tag: "accounts", Auth: true, Body: AccountJSON{}, Returns: UserJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/me/password", handler: h.changePassword, Summary: "Change the caller's password (ends the caller's web sessions)", Tag: "accounts", Auth: true, Body: PasswordChangeJSON{}, Status: 204},
		{Method: http.MethodGet, Path: "/audit", handler: h.auditLog, Summary: "The audit log, newest first (admins)", Tag: "accounts", Auth: true, Returns: ListJSON[AuditJSON]{}, Status: 200, Paged: true, Query: []string{"action", "target_type", "target_id", "actor_id", "user_id"}},
		{Method: http.MethodPut, Path: "/users/:id/role", handler: h.changeRole, Summary: "Give a user another role (admins; in the audit log; the last administrator keeps the role)", Conflict: true, Tag: "accounts", Auth: true, Body: RoleJSON{}, Returns: UserJSON{}, Status: 200},
		{Method: http.MethodPut, Path: "/users/:id/active", handler: h.setActive, Summary: "Deactivate or reactivate an account (admins; in the audit log): a deactivated account cannot log in or use the API, its sessions end and its tokens are revoked; its posts stay", Conflict: true, Tag: "accounts", Auth: true, Body: ActiveJSON{}, Returns: UserJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/admin/settings", handler: h.siteSettings, Summary: "The site's effective settings, grouped, each with the environment variable that changes it; secrets only as set or not set (admins)", Tag: "accounts", Auth: true, Returns: SiteSettingsJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/users/:id/password-link", handler: h.createPasswordLink, Summary: "Issue a one-time link that sets a user's password (admins; how imported accounts are claimed)", Conflict: true, Tag: "accounts", Auth: true, Returns: PasswordLinkJSON{}, Status: 201},

		{Method: http.MethodGet, Path: "/questions", handler: h.listQuestions, Summary: "List questions", Tag: "questions", Returns: ListJSON[QuestionJSON]{}, Status: 200, Paged: true, Query: []string{"sort", "tag", "cursor"}, Missing: true},
		{Method: http.MethodPost, Path: "/questions", handler: h.createQuestion, Summary: "Ask a question (a new member over the limit on questions: 429 with Retry-After)", Tag: "questions", Auth: true, Body: QuestionInputJSON{}, Returns: QuestionJSON{}, Status: 201, Repeat: true},
		{Method: http.MethodGet, Path: "/questions/:id", handler: h.getQuestion, Summary: "A question", Tag: "questions", Returns: QuestionJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/questions/:id/related", handler: h.questionRelated, Summary: "A question's linked questions (the one it duplicates, then those closed as its duplicates) and up to 8 related ones, as its page lists them beside it (none for a deleted question)", Tag: "questions", Returns: SidebarJSON{}, Status: 200},
		{Method: http.MethodPatch, Path: "/questions/:id", handler: h.patchQuestion, Summary: "Edit a question", Conflict: true, Tag: "questions", Auth: true, Body: EditJSON{}, Returns: QuestionJSON{}, Status: 200},
		{Method: http.MethodDelete, Path: "/questions/:id", handler: h.deletePost(store.PostQuestion), Summary: "Delete a question; while questions are closed as duplicates of it, its author may not (403) and a moderator gets 409 with them listed until sending confirm_duplicates=COUNT", Conflict: true, Tag: "questions", Auth: true, Status: 204, Query: []string{"confirm_duplicates"}},
		{Method: http.MethodPost, Path: "/questions/:id/close", handler: h.closing, Summary: "Close a question (moderators, for any reason; its asker, as a duplicate)", Conflict: true, Tag: "questions", Auth: true, Body: CloseJSON{}, Returns: QuestionJSON{}, Status: 200},
		{Method: http.MethodDelete, Path: "/questions/:id/close", handler: h.closing, Summary: "Reopen a closed question (moderators; its asker what they closed)", Tag: "questions", Auth: true, Returns: QuestionJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/questions/:id/close-votes", handler: h.closeVote, Summary: "Vote to close an open question, with a reason (a duplicate names the question in duplicate_of; else 422); needs the vote_close privilege (else 403); one vote a member while it is open (a second is 409), a closed question 409; the third vote closes it for the reason most votes give, a moderator's at once", Conflict: true, Tag: "questions", Auth: true, Body: CloseVoteJSON{}, Returns: QuestionJSON{}, Status: 200},
		{Method: http.MethodDelete, Path: "/questions/:id/close-votes", handler: h.closeVote, Summary: "Retract one's vote to close a question while it is open (a closed question is 409; no vote, nothing to do)", Conflict: true, Tag: "questions", Auth: true, Returns: QuestionJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/posts/:id/undelete", handler: h.undeletePost, Summary: "Restore a deleted question or answer (moderators; authors what they deleted themselves)", Conflict: true, Tag: "questions", Auth: true, Status: 204},
		{Method: http.MethodGet, Path: "/questions/:id/answers", handler: h.listAnswers, Summary: "A question's answers: by votes, accepted first (sort=votes, the default), or sort=newest, oldest or active (last edited)", Tag: "answers", Returns: ListJSON[AnswerJSON]{}, Status: 200, Query: []string{"sort"}},
		{Method: http.MethodPost, Path: "/questions/:id/answers", handler: h.createAnswer, Summary: "Answer a question (a new member within the gap after their last answer: 429 with Retry-After)", Tag: "answers", Auth: true, Body: AnswerInputJSON{}, Returns: AnswerJSON{}, Status: 201, Repeat: true},
		{Method: http.MethodGet, Path: "/answers/:id", handler: h.getAnswer, Summary: "An answer", Tag: "answers", Returns: AnswerJSON{}, Status: 200},
		{Method: http.MethodPatch, Path: "/answers/:id", handler: h.patchAnswer, Summary: "Edit an answer", Conflict: true, Tag: "answers", Auth: true, Body: EditJSON{}, Returns: AnswerJSON{}, Status: 200},
		{Method: http.MethodDelete, Path: "/answers/:id", handler: h.deletePost(store.PostAnswer), Summary: "Delete an answer", Tag: "answers", Auth: true, Status: 204},
		{Method: http.MethodGet, Path: "/posts/:id/comments", handler: h.listComments, Summary: "Comments on a question or answer", Tag: "comments", Returns: ListJSON[CommentJSON]{}, Status: 200},
		{Method: http.MethodPost, Path: "/posts/:id/comments", handler: h.createComment, Summary: "Comment on a question or answer (a new member within the gap after their last comment: 429 with Retry-After)", Tag: "comments", Auth: true, Body: CommentInputJSON{}, Returns: CommentJSON{}, Status: 201, Repeat: true},
		{Method: http.MethodPost, Path: "/preview", handler: h.preview, Summary: "Render Markdown as a post or comment would show it (writes nothing)", Tag: "questions", Auth: true, Body: PreviewInputJSON{}, Returns: PreviewJSON{}, Status: 200},
		{Method: http.MethodPatch, Path: "/comments/:id", handler: h.editComment, Summary: "Edit a comment's text (its author within 5 minutes of writing it; moderators any time)", Conflict: true, Tag: "comments", Auth: true, Body: CommentInputJSON{}, Returns: CommentJSON{}, Status: 200},
		{Method: http.MethodDelete, Path: "/comments/:id", handler: h.deleteComment, Summary: "Delete a comment (its author; moderators any)", Tag: "comments", Auth: true, Status: 204},
		{Method: http.MethodPost, Path: "/uploads", handler: h.upload, Summary: "Upload an image for a post (multipart/form-data, field image: PNG, JPEG or GIF up to STACKDESK_UPLOAD_MAX_BYTES); returns its address and the Markdown that shows it", Tag: "questions", Auth: true, Returns: UploadJSON{}, Status: 201},
		{Method: http.MethodGet, Path: "/uploads", handler: h.listUploads, Summary: "The uploaded images, newest first, with who uploaded them (moderators)", Tag: "moderation", Auth: true, Returns: ListJSON[UploadedJSON]{}, Status: 200, Paged: true},
		{Method: http.MethodDelete, Path: "/uploads/:name", handler: h.removeUpload, Summary: "Remove an uploaded image for good (moderators; audited)", Tag: "moderation", Auth: true, Status: 204},
		{Method: http.MethodPost, Path: "/posts/:id/flags", handler: h.flag(false), Summary: "Flag a question or answer for the moderators (not one's own; one waiting flag a post; a daily limit, STACKDESK_FLAGS_PER_DAY)", Conflict: true, Tag: "moderation", Auth: true, Body: FlagInputJSON{}, Returns: FlagJSON{}, Status: 201},
		{Method: http.MethodPost, Path: "/comments/:id/flags", handler: h.flag(true), Summary: "Flag a comment for the moderators", Conflict: true, Tag: "moderation", Auth: true, Body: FlagInputJSON{}, Returns: FlagJSON{}, Status: 201},
		{Method: http.MethodGet, Path: "/flags", handler: h.listFlags, Summary: "The moderators' queue: flagged posts and comments with their waiting flags, the longest waiting first (moderators)", Tag: "moderation", Auth: true, Returns: ListJSON[FlaggedJSON]{}, Status: 200, Paged: true},
		{Method: http.MethodPost, Path: "/posts/:id/suggested-edits", handler: h.suggestEdit, Summary: "Suggest an edit of someone else's question or answer for review (callers below the edit privilege; those above edit with PATCH); one waits a post, five a member", Conflict: true, Tag: "suggested edits", Auth: true, Body: EditJSON{}, Returns: SuggestionJSON{}, Status: 201},
		{Method: http.MethodGet, Path: "/suggested-edits", handler: h.listSuggestions, Summary: "The suggested edits waiting for the caller's review (of their own posts; with the edit privilege, of everyone's but their own), the longest waiting first", Tag: "suggested edits", Auth: true, Returns: ListJSON[SuggestionJSON]{}, Status: 200, Paged: true},
		{Method: http.MethodGet, Path: "/suggested-edits/:id", handler: h.getSuggestion, Summary: "A suggested edit", Tag: "suggested edits", Returns: SuggestionJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/suggested-edits/:id/approve", handler: h.approveSuggestion, Summary: "Approve a suggested edit: saved as a revision credited to its author (the post's author, or the edit privilege; 409 when the post was edited since)", Conflict: true, Tag: "suggested edits", Auth: true, Returns: SuggestionJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/suggested-edits/:id/withdraw", handler: h.withdrawSuggestion, Summary: "Withdraw one's own waiting suggested edit", Conflict: true, Tag: "suggested edits", Auth: true, Returns: SuggestionJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/suggested-edits/:id/reject", handler: h.rejectSuggestion, Summary: "Reject a suggested edit with a reason", Conflict: true, Tag: "suggested edits", Auth: true, Body: RejectJSON{}, Returns: SuggestionJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/flags/resolve", handler: h.resolveFlags, Summary: "Mark the waiting flags of a post or comment helpful or declined (moderators); deleting it marks them helpful", Tag: "moderation", Auth: true, Body: ResolveFlagsJSON{}, Returns: ResolvedJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/comments/:id/undelete", handler: h.undeleteComment, Summary: "Restore a deleted comment (moderators)", Conflict: true, Tag: "comments", Auth: true, Status: 204},
		{Method: http.MethodGet, Path: "/posts/:id/revisions", handler: h.listRevisions, Summary: "A post's revisions, newest first", Tag: "questions", Returns: ListJSON[RevisionJSON]{}, Status: 200},
		{Method: http.MethodPut, Path: "/posts/:id/vote", handler: h.vote, Summary: "Vote on a question or answer: 1 up, -1 down, 0 retract", Tag: "votes", Auth: true, Body: VoteJSON{}, Returns: reputation.VoteResult{}, Status: 200},
		{Method: http.MethodPost, Path: "/answers/:id/accept", handler: h.accept, Summary: "Accept an answer (the asker only)", Tag: "votes", Auth: true, Returns: AnswerJSON{}, Status: 200},
		{Method: http.MethodDelete, Path: "/answers/:id/accept", handler: h.unaccept, Summary: "Remove the acceptance from an answer", Tag: "votes", Auth: true, Returns: AnswerJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/users", handler: h.listUsers, Summary: "Users by reputation, all time or gained in a period", Tag: "accounts", Returns: ListJSON[RankedUserJSON]{}, Status: 200, Paged: true, Query: []string{"sort", "period", "filter", "role"}},
		{Method: http.MethodGet, Path: "/users/:id/reputation", handler: h.userReputation, Summary: "A user's reputation and its history", Tag: "reputation", Returns: ReputationJSON{}, Status: 200, Paged: true},
		{Method: http.MethodGet, Path: "/users/:id/badges", handler: h.userBadges, Summary: "A user's badges", Tag: "reputation", Returns: ListJSON[UserBadgeJSON]{}, Status: 200},
		{Method: http.MethodGet, Path: "/badges", handler: h.badges, Summary: "Every badge and how often it was awarded", Tag: "reputation", Returns: ListJSON[BadgeJSON]{}, Status: 200},
		{Method: http.MethodGet, Path: "/search", handler: h.search, Summary: "Search questions: words, \"phrases\", -word, [tag], is:answered, user:ID, score:N, answers:N, created:>YYYY-MM-DD", Tag: "search", Returns: SearchJSON{}, Status: 200, Paged: true, Query: []string{"q", "sort", "exact"}},
		{Method: http.MethodGet, Path: "/questions/similar", handler: h.similar, Summary: "Existing questions like the one being asked, answered first", Tag: "search", Returns: SimilarJSON{}, Status: 200, Query: []string{"title", "body", "limit", "exclude"}},
		{Method: http.MethodPost, Path: "/help-sessions", handler: h.startHelpSession, Summary: "Start a help session with the problem; returns suggestions (none in the holdout)", Tag: "deflection", Body: HelpSessionInputJSON{}, Returns: HelpSessionJSON{}, Status: 201},
		{Method: http.MethodGet, Path: "/help-sessions/:id", handler: h.getHelpSession, Summary: "A help session of the caller, with suggestions for its latest search", Tag: "deflection", Returns: HelpSessionJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/help-sessions/:id/events", handler: h.addHelpEvent, Summary: "Record a search or a viewed question in a help session", Tag: "deflection", Body: HelpEventJSON{}, Returns: HelpSessionJSON{}, Status: 201},
		{Method: http.MethodPost, Path: "/help-sessions/:id/outcome", handler: h.setHelpOutcome, Summary: "End a help session: solved, asked or ticket (a second outcome is 409)", Conflict: true, Tag: "deflection", Body: HelpOutcomeJSON{}, Returns: HelpSessionJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/analytics/deflection", handler: h.deflectionAnalytics, Summary: "Deflection metrics per interval (analysts and admins)", Tag: "deflection", Auth: true, Returns: deflection.Report{}, Status: 200, Query: []string{"from", "to", "interval", "tag"}},
		{Method: http.MethodGet, Path: "/analytics/deflection.csv", handler: h.deflectionCSV, Summary: "One of the dashboard's tables as CSV, the file its page downloads: part=intervals (the default), gaps, rising or holdout (analysts and admins)", Tag: "deflection", Auth: true, CSV: true, Status: 200, Query: []string{"from", "to", "interval", "tag", "part"}},
		{Method: http.MethodGet, Path: "/analytics/deflection/sessions", handler: h.deflectionSessions, Summary: "The help sessions behind a dashboard figure, newest first: the dashboard's range and tag, narrowed by outcome (solved, asked, ticket, abandoned, open), topic (a further tag) and day (the first day of one of its intervals) (analysts and admins)", Tag: "deflection", Auth: true, Returns: ListJSON[deflection.DrillSession]{}, Status: 200, Paged: true, Query: []string{"from", "to", "interval", "tag", "outcome", "topic", "day"}},
		{Method: http.MethodGet, Path: "/tickets", handler: h.listTickets, Summary: "Hotline tickets, newest first: all for the hotline, analysts and admins; one's own for others", Tag: "deflection", Auth: true, Returns: ListJSON[TicketJSON]{}, Status: 200, Paged: true, Query: []string{"status", "order", "assigned", "q", "delivery", "priority"}},
		{Method: http.MethodGet, Path: "/tickets/:id", handler: h.getTicket, Summary: "A hotline ticket with its session trail and history (one's own, or any for the hotline, analysts and admins)", Tag: "deflection", Auth: true, Returns: TicketDetailJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/tickets/:id/resolution", handler: h.resolveTicket, Summary: "The hotline's answer; published as an answered question when the employee consented (role hotline)", Conflict: true, Tag: "deflection", Auth: true, Body: ResolutionJSON{}, Returns: TicketJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/tickets/:id/messages", handler: h.listTicketMessages, Summary: "A ticket's conversation, oldest first (the hotline, admins and the employee who filed it)", Tag: "deflection", Auth: true, Returns: ListJSON[TicketMessageJSON]{}, Status: 200},
		{Method: http.MethodPost, Path: "/tickets/:id/messages", handler: h.postTicketMessage, Summary: "Write on a ticket that is not resolved: the hotline's message (waiting: true sets it waiting on the employee, who is told in their inbox and by e-mail; without it, a waiting ticket is open again) or the employee's (a waiting ticket opens again; its holder is told)", Conflict: true, Tag: "deflection", Auth: true, Body: TicketMessageInputJSON{}, Returns: TicketMessageJSON{}, Status: 201, Repeat: true},
		{Method: http.MethodPost, Path: "/tickets/:id/assignment", handler: h.takeTicket, Summary: "Take an open or waiting ticket (hotline, admins); one someone else holds is 409 until released", Conflict: true, Tag: "deflection", Auth: true, Returns: TicketJSON{}, Status: 200},
		{Method: http.MethodDelete, Path: "/tickets/:id/assignment", handler: h.releaseTicket, Summary: "Release a ticket: one's own (hotline), anyone's (admins)", Tag: "deflection", Auth: true, Returns: TicketJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/tickets/:id/handover", handler: h.handOverTicket, Summary: "Hand an open or waiting ticket to a colleague (hotline, admins: one's own, one nobody holds, admins anyone's; held by another is 403, closed 409); to must be an active hotline agent or administrator (else 422 with field to); the colleague is told in their inbox, and so is the agent an administrator took it from", Conflict: true, Tag: "deflection", Auth: true, Body: TicketHandOverJSON{}, Returns: TicketJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/tickets/:id/withdraw", handler: h.withdrawTicket, Summary: "Withdraw one's own open or waiting ticket, with an optional reason (the employee who filed it); it leaves the queue, its holder is told, the webhook gets ticket.withdrawn; a closed ticket is 409", Conflict: true, Tag: "deflection", Auth: true, Body: WithdrawJSON{}, Returns: TicketJSON{}, Status: 200},
		{Method: http.MethodPost, Path: "/tickets/:id/reopen", handler: h.reopenTicket, Summary: "Reopen one's own resolved or withdrawn ticket within 14 days of its closing, with a message saying why (the employee who filed it); it is open again, its agent is told, the webhook gets ticket.reopened; an open ticket or one past the window is 409", Conflict: true, Tag: "deflection", Auth: true, Body: TicketMessageInputJSON{}, Returns: TicketJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/tickets/:id/notes", handler: h.listTicketNotes, Summary: "A ticket's internal notes, oldest first (hotline, admins; never the employee: 403 to the one who filed it)", Tag: "deflection", Auth: true, Returns: ListJSON[TicketNoteJSON]{}, Status: 200},
		{Method: http.MethodPost, Path: "/tickets/:id/notes", handler: h.addTicketNote, Summary: "Add an internal note to a ticket, whatever its status (hotline, admins); nobody is told, nothing is mailed or sent by webhook", Tag: "deflection", Auth: true, Body: TicketNoteInputJSON{}, Returns: TicketNoteJSON{}, Status: 201},
		{Method: http.MethodPost, Path: "/tickets/:id/priority", handler: h.setTicketPriority, Summary: "Set a ticket's priority: low, normal, high or urgent (hotline, admins; another value is 400; in the audit log)", Conflict: true, Tag: "deflection", Auth: true, Body: TicketPriorityJSON{}, Returns: TicketJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/deliveries", handler: h.listDeliveries, Summary: "The hotline delivery queue and its state (admins)", Tag: "deflection", Auth: true, Returns: ListJSON[DeliveryJSON]{}, Status: 200, Paged: true, Query: []string{"status", "ticket_id"}},
		{Method: http.MethodPost, Path: "/deliveries/:id/retry", handler: h.retryDelivery, Summary: "Send a failed delivery again (admins)", Conflict: true, Tag: "deflection", Auth: true, Returns: DeliveryJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/tags", handler: h.listTags, Summary: "Tags in use, most used first (sort=name: by name); filter= the start of a name, the tag named so first", Tag: "tags", Returns: ListJSON[TagJSON]{}, Status: 200, Paged: true, Query: []string{"sort", "filter"}},
		{Method: http.MethodGet, Path: "/experts", handler: h.listExperts, Summary: "Experts for a tag or free text (found through the search index and tag names), best first", Tag: "experts", Returns: ExpertListJSON{}, Status: 200, Paged: true, Query: []string{"tag", "q"}, Missing: true},
		{Method: http.MethodGet, Path: "/tags/:name/experts", handler: h.tagExperts, Summary: "A tag's experts: subject-matter experts first, then by expertise", Tag: "experts", Returns: ExpertListJSON{}, Status: 200, Paged: true},
		{Method: http.MethodGet, Path: "/tags/:name/smes", handler: h.listSMEs, Summary: "A tag's subject-matter experts", Tag: "experts", Returns: ListJSON[AuthorJSON]{}, Status: 200},
		{Method: http.MethodPut, Path: "/tags/:name/smes/:user_id", handler: h.setSME(true), Summary: "Name a subject-matter expert of a tag (admins)", Conflict: true, Tag: "experts", Auth: true, Status: 204},
		{Method: http.MethodDelete, Path: "/tags/:name/smes/:user_id", handler: h.setSME(false), Summary: "Remove a subject-matter expert of a tag (admins)", Tag: "experts", Auth: true, Status: 204},
		{Method: http.MethodGet, Path: "/me/profile", handler: h.myProfile, Summary: "The caller's \"ask me about\" line, picked and followed tags, and e-mail setting", Tag: "experts", Auth: true, Returns: ProfileJSON{}, Status: 200},
		{Method: http.MethodPut, Path: "/me/profile", handler: h.updateProfile, Summary: "Change the caller's \"ask me about\" line, picked tags or e-mail setting", Tag: "experts", Auth: true, Body: ProfileInputJSON{}, Returns: ProfileJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/users/:id/profile", handler: h.userProfile, Summary: "A user's \"ask me about\" line, picked and followed tags", Tag: "experts", Returns: ProfileJSON{}, Status: 200},
		{Method: http.MethodGet, Path: "/notifications", handler: h.listNotifications, Summary: "The caller's notifications, newest first, with the unread count", Tag: "notifications", Auth: true, Returns: NotificationListJSON{}, Status: 200, Paged: true},
		{Method: http.MethodPost, Path: "/notifications/read", handler: h.markNotificationsRead, Summary: "Mark the given notifications, or all, read", Tag: "notifications", Auth: true, Body: MarkReadJSON{}, Returns: MarkedJSON{}, Status: 200},
		{Method: http.MethodPut, Path: "/tags/:name/follow", handler: h.followTag(true), Summary: "Follow a tag: be notified of its new questions", Tag: "notifications", Auth: true, Status: 204},
		{Method: http.MethodDelete, Path: "/tags/:name/follow", handler: h.followTag(false), Summary: "Unfollow a tag", Tag: "notifications", Auth: true, Status: 204},
		{Method: http.MethodGet, Path: "/me/following", handler: h.listFollowing, Summary: "The questions the caller follows (asked or answered unless unfollowed, or followed), latest active first", Tag: "notifications", Auth: true, Returns: ListJSON[FollowedQuestionJSON]{}, Status: 200, Paged: true},
		{Method: http.MethodPut, Path: "/questions/:id/follow", handler: h.followQuestion(true), Summary: "Follow a question: be notified of its answers", Tag: "notifications", Auth: true, Status: 204},
		{Method: http.MethodDelete, Path: "/questions/:id/follow", handler: h.followQuestion(false), Summary: "Unfollow a question", Tag: "notifications", Auth: true, Status: 204},
	}
}
