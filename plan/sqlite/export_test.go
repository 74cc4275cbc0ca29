package sqlite

// Norm and Canonical let the tests compare statements and tables as the
// planner does.
var (
	Norm      = norm
	Canonical = canonical
)
