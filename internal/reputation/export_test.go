package reputation

// NameFilter exposes the users filter's condition to the external tests.
func (s *Service) NameFilter(filter string) (string, []any) { return s.nameFilter(filter) }
