package review

import "testing"

// TestSummarizeKeepsSeveritiesApart: informational notes are not counted
// as warnings, suppressed findings in neither, and each finding lands in
// the group a reviewer reads it under.
func TestSummarizeKeepsSeveritiesApart(t *testing.T) {
	s := Summarize([]Warning{
		{Code: "pragma-in-transaction", Kind: KindTransaction, Severity: SeverityInfo},
		{Code: "rebuild", Kind: KindRebuild, Severity: SeverityInfo},
		{Code: "rebuild-cascade", Kind: KindRebuild, Severity: SeverityWarning},
		{Code: "rebuild-cascade", Kind: KindRebuild, Severity: SeverityWarning},
		{Code: "drop-column", Kind: KindDataLoss, Severity: SeverityError, Message: "DROP COLUMN \"avatar_url\" deletes 34 non-null values of \"users\""},
		{Code: "fk-orphans", Kind: KindFails, Severity: SeverityError},
		{Code: "index-not-concurrent", Kind: KindLock, Severity: SeverityWarning},
		{Code: "drop-table", Kind: KindDataLoss, Severity: SeverityError, Suppressed: true},
	})
	if s.Errors != 2 || s.Warnings != 3 || s.Infos != 2 || s.Suppressed != 1 {
		t.Errorf("counts: %d errors, %d warnings, %d info, %d suppressed", s.Errors, s.Warnings, s.Infos, s.Suppressed)
	}
	if len(s.Loss) != 1 || len(s.Failures) != 1 || len(s.Rebuilds) != 3 || len(s.Locks) != 1 || len(s.Other) != 1 {
		t.Errorf("groups: %d loss, %d failures, %d rebuilds, %d locks, %d other", len(s.Loss), len(s.Failures), len(s.Rebuilds), len(s.Locks), len(s.Other))
	}
	if l := s.Losses(); len(l) != 1 || l[0] != s.Loss[0].Message || s.Empty() || !Summarize(nil).Empty() {
		t.Errorf("losses %v", l)
	}
}
