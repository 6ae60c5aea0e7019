package store

import "context"

// MigrateDownOne undoes the latest applied migration and MigrateUpOne
// applies the next one, for the test that every Down step reverses its Up.
func (s *Store) MigrateDownOne(ctx context.Context) (int64, error) {
	p, err := s.provider()
	if err != nil {
		return 0, err
	}
	res, err := p.Down(ctx)
	if err != nil {
		return 0, err
	}
	return res.Source.Version, nil
}

func (s *Store) MigrateUpOne(ctx context.Context) (int64, error) {
	p, err := s.provider()
	if err != nil {
		return 0, err
	}
	res, err := p.UpByOne(ctx)
	if err != nil {
		return 0, err
	}
	return res.Source.Version, nil
}
