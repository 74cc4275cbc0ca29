package review

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"studio/database"
	"studio/introspect"
)

// ErrRuleConfig is returned for a rule setting that names no rule or no
// level.
var ErrRuleConfig = errors.New("bad rule setting")

// Level "off" disables a rule in Options.Rules; the other levels are the
// severities.
const LevelOff = "off"

// Options tune an analysis. The zero value is the default: every rule
// that is not Off, at the severity it gives each finding.
type Options struct {
	// Rules sets a rule's level by code: "off" disables it; "error",
	// "warning" or "info" enables it (style rules too) at that severity.
	Rules map[string]string
	// NoData says the model is not the database the migration will meet
	// (a scratch replay of the folder): row counts and size estimates are
	// unknown, so data checks stay quiet and lock checks warn whatever
	// the size. Catalog questions (casts, server version, TimeZone) still
	// go through the Counter.
	NoData bool
	// D1 says the SQLite database is Cloudflare D1, which ignores PRAGMA
	// foreign_keys in migrations altogether.
	D1 bool
	// CountTimeout bounds each count and data probe; one that takes
	// longer is reported as unknown. Zero: only ctx bounds them.
	CountTimeout time.Duration
}

// Check returns an error wrapping ErrRuleConfig for a setting that names
// an unknown rule or level.
func (o Options) Check() error {
	for code, level := range o.Rules {
		if _, ok := RuleFor(code); !ok {
			return fmt.Errorf("%w: no rule %q (studio lint --explain lists them)", ErrRuleConfig, code)
		}
		if level != LevelOff && SeverityRank(level) == 0 {
			return fmt.Errorf("%w: %s: %q is not off, info, warning or error", ErrRuleConfig, code, level)
		}
	}
	return nil
}

// Analyze is the package-level Analyze with these options: rules set off
// (and style rules not turned on) give no warning, a level set for a rule
// replaces the severity of its warnings, and warnings under a
// `-- studio-ignore: code reason` comment come back Suppressed.
func (o Options) Analyze(ctx context.Context, q Counter, dialect database.Dialect, model *introspect.Model, stmts []Statement) ([]Warning, error) {
	if dialect != database.SQLite && dialect != database.Postgres {
		return nil, fmt.Errorf("analyzing migration: %w %q", ErrDialect, dialect)
	}
	if err := o.Check(); err != nil {
		return nil, err
	}
	a := newAnalyzer(ctx, q, dialect, model, stmts)
	a.opts = o
	a.starts = make([]int, len(stmts))
	for i := range stmts {
		p := parser{stmt: i, dialect: a.dialect}
		a.acts = append(a.acts, p.chunk(stmts[i].SQL)...)
		a.starts[i] = firstToken(stmts[i].SQL, a.dialect)
	}
	for i := range a.acts {
		a.step(i)
		if a.err != nil {
			return nil, a.err
		}
	}
	a.finish()
	if a.err != nil {
		return nil, a.err
	}
	slices.SortStableFunc(a.out, func(x, y pending) int {
		if x.stmt != y.stmt {
			return x.stmt - y.stmt
		}
		return x.off - y.off
	})
	ws := make([]Warning, 0, len(a.out))
	for _, p := range a.out {
		w, keep := o.apply(p.w)
		if !keep {
			continue
		}
		w.Suppressed, w.Reason = a.suppressed(p.stmt, p.start, w.Code)
		ws = append(ws, w)
	}
	return ws, nil
}

// apply sets a warning's severity from the options, and says whether the
// rule is on.
func (o Options) apply(w Warning) (Warning, bool) {
	level, set := o.Rules[w.Code]
	r, _ := RuleFor(w.Code)
	switch {
	case level == LevelOff:
		return w, false
	case set:
		w.Severity = level
	case r.Off:
		return w, false
	}
	return w, true
}
