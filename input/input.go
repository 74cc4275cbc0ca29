// Package input owns the one error that marks a request's input as the
// user's mistake: a URL parameter, a form field, a flag's value or a
// statement the database refused. Every package wraps ErrBad for those
// (fmt.Errorf("%w: ...", input.ErrBad)); the web app answers them with 400
// and the message in full, the command line with exit code 2. It is a
// leaf, so every package can import it.
package input

import "errors"

// ErrBad is wrapped by every error the user can fix by asking again
// differently.
var ErrBad = errors.New("bad input")
