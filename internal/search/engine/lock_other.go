//go:build !unix

package engine

// Lock does nothing where files cannot be locked this way: keeping one
// process per index folder is then the operator's to see to.
func (e *Engine) Lock() error { return nil }
