package main

import (
	"context"
	"errors"

	"studio/blueprint"
	"studio/database"
	"studio/plan"
)

// loadDesired is plan.LoadDesired with the user's mistakes (a refused
// statement, no schema, an unreadable file) as exit code 2.
func loadDesired(ctx context.Context, server *database.DB, schema, devURL string) (*plan.Side, error) {
	sd, err := plan.LoadDesired(ctx, server, schema, devURL)
	return sd, desiredExit(err)
}

// desiredExit maps a desired-schema error to exit code 2 when it is the
// user's to fix.
func desiredExit(err error) error {
	var se *blueprint.SyntaxError
	if errors.As(err, &se) || errors.Is(err, blueprint.ErrNoSchema) {
		return &exitError{code: 2, err: err}
	}
	return err
}
