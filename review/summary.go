package review

// Summary is the verdict on a set of findings, what a reviewer reads
// first: the data that would be lost, the tables rebuilt, the locks
// taken, the statements predicted to fail on the data there, and the
// rest; with how many findings of each severity, counted apart (an
// informational note is not a warning).
type Summary struct {
	Loss, Failures, Rebuilds, Locks, Other []Warning
	// Errors, Warnings and Infos count the findings by severity;
	// Suppressed those a studio-ignore comment silenced (in no list).
	Errors, Warnings, Infos, Suppressed int
}

// Summarize sorts findings into a Summary, each list in the order given.
func Summarize(ws []Warning) Summary {
	var s Summary
	for _, w := range ws {
		if w.Suppressed {
			s.Suppressed++
			continue
		}
		switch w.Severity {
		case SeverityError:
			s.Errors++
		case SeverityWarning:
			s.Warnings++
		default:
			s.Infos++
		}
		switch w.Kind {
		case KindDataLoss:
			s.Loss = append(s.Loss, w)
		case KindFails, KindNotNull, KindDependency:
			s.Failures = append(s.Failures, w)
		case KindRebuild:
			s.Rebuilds = append(s.Rebuilds, w)
		case KindLock:
			s.Locks = append(s.Locks, w)
		default:
			s.Other = append(s.Other, w)
		}
	}
	return s
}

// Empty reports a summary with nothing to say.
func (s Summary) Empty() bool { return s.Errors+s.Warnings+s.Infos == 0 }

// Losses are the data-loss findings' messages, the words a confirmation
// repeats before a run.
func (s Summary) Losses() []string {
	out := make([]string, 0, len(s.Loss))
	for _, w := range s.Loss {
		out = append(out, w.Message)
	}
	return out
}
