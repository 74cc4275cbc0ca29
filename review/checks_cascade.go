package review

import (
	"fmt"
	"strings"

	"studio/database"
)

// cascadeDepth bounds how many tables deep cascades are followed.
const cascadeDepth = 4

// childRisk warns about the rows of other tables that ON DELETE actions
// reach when all of r's rows are deleted (DELETE without WHERE, or DROP
// TABLE on SQLite, whose implicit DELETE fires foreign key actions when
// foreign keys are on). Cascades are followed through the tables they
// empty; rows reached that way are an upper bound ("up to").
func (a *analyzer) childRisk(i int, r *rel, verb, kind string) {
	if r.live.t == nil && a.cat.known() {
		return
	}
	onPath := map[string]bool{a.cat.key(r.live.schema, r.live.name): true}
	a.cascadeFrom(i, r, *r.live, nil, verb, kind, onPath)
}

func (a *analyzer) cascadeFrom(i int, r *rel, parent liveTable, via []string, verb, kind string, onPath map[string]bool) {
	if len(via) >= cascadeDepth {
		return
	}
	for _, ch := range a.cat.children(parent) {
		lt := ch.table
		k := a.cat.key(lt.schema, lt.name)
		action := strings.ToUpper(ch.fk.OnDelete)
		acts := action == "CASCADE" || action == "SET NULL" || action == "SET DEFAULT"
		blocks := !acts && a.dialect == database.SQLite && kind == KindRebuild && len(via) == 0 && !a.fkOff
		if a.gone[k] || (!acts && !blocks) {
			continue
		}
		conds := make([]string, len(ch.fk.Columns))
		for j, c := range ch.fk.Columns {
			conds[j] = database.QuoteIdent(c) + " IS NOT NULL"
		}
		n := a.countWhere(&lt, strings.Join(conds, " AND "))
		if n == 0 {
			continue
		}
		if blocks {
			a.warn(&a.acts[i], "rebuild-fk-fails", SeverityWarning, &lt, n, fmt.Sprintf(
				"with foreign keys on (Drizzle's migrator), dropping %s fails with \"FOREIGN KEY constraint failed\": "+
					"%s of %s reference it (ON DELETE %s); studio migrate turns foreign keys off first, so the rebuild passes",
				a.relDisp(r), rowsText(n, "row"), a.disp(&lt), orNoAction(action)))
			continue
		}
		a.childWarning(i, r, &lt, ch.fk.Columns, action, n, via, verb, kind)
		if action == "CASCADE" && !onPath[k] {
			onPath[k] = true
			a.cascadeFrom(i, r, lt, append(via, lt.name), verb, kind, onPath)
			delete(onPath, k)
		}
	}
}

func (a *analyzer) childWarning(i int, r *rel, child *liveTable, cols []string, action string, n int64,
	via []string, verb, kind string) {
	rows := fmt.Sprintf("the %s of %s that reference it", itsRows(n), a.disp(child))
	if len(via) > 0 {
		rows = fmt.Sprintf("up to %s of %s, through %s", itsRows(n), a.disp(child), quoteList(via))
	}
	effect := "deletes " + rows
	if action != "CASCADE" {
		effect = fmt.Sprintf("sets %s to %s in %s", quoteList(cols), strings.TrimPrefix(action, "SET "), rows)
	}
	sev := SeverityError
	msg := fmt.Sprintf("%s %s %s (ON DELETE %s)", verb, a.relDisp(r), effect, action)
	if a.dialect == database.SQLite {
		msg = "with foreign keys on, " + msg
		if a.fkOff {
			sev = SeverityInfo
			msg += "; foreign keys are off at this point (PRAGMA foreign_keys=OFF ran outside a transaction)"
		} else {
			sev = SeverityWarning
			msg += "; a PRAGMA foreign_keys=OFF inside the migration's transaction does not prevent it " +
				"(Drizzle's migrator), studio migrate turns foreign keys off before BEGIN"
		}
	}
	code := "cascade-delete"
	if kind == KindRebuild {
		code = "rebuild-cascade"
	}
	a.warn(&a.acts[i], code, sev, child, n, msg)
}

func orNoAction(action string) string {
	if action == "" {
		return "NO ACTION"
	}
	return action
}
