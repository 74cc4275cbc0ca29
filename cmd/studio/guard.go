package main

import (
	"errors"
	"strings"

	"studio/database"
	"studio/plan"
)

// devMode reports whether the studio runs in development mode: the --dev
// flag, or STUDIO_ENV=development.
func devMode(flag bool, e *env) bool {
	return flag || strings.EqualFold(e.getenv("STUDIO_ENV"), "development")
}

// pushAllowed decides from the address alone, before anything connects,
// whether push may change the schema of t: only in development mode, and
// only on this machine unless allowHost names the remote host (plan.Guard,
// which the Push page uses too).
func pushAllowed(dev bool, t database.Target, allowHost string) error {
	if !dev {
		return errors.New("push changes the database schema directly and runs only in development mode: pass --dev or set STUDIO_ENV=development")
	}
	return plan.Guard(t, allowHost)
}
