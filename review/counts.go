package review

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"studio/database"
)

// qualified is lt's name as SQL, schema-qualified.
func qualified(lt *liveTable) string {
	return database.QuoteIdent(lt.schema) + "." + database.QuoteIdent(lt.name)
}

// countWhere counts the live rows of lt matching cond (SQL built only from
// quoted identifiers and placeholders), reading at most CountCap+1 rows:
// the result is -1 when it cannot be known, CountCap+1 for "more".
// A failing count of a table the model lists stops the analysis; one the
// model does not list (there is no model) only makes the count unknown.
func (a *analyzer) countWhere(lt *liveTable, cond string, args ...any) int64 {
	if r := a.byLive[a.cat.key(lt.schema, lt.name)]; r != nil && r.emptied {
		return 0 // an earlier statement of the batch emptied it
	}
	if a.q == nil || a.err != nil || a.opts.NoData {
		return -1
	}
	where := ""
	if cond != "" {
		where = " WHERE " + cond
	}
	query := "SELECT count(*) FROM (SELECT 1 FROM " + qualified(lt) + where +
		" LIMIT " + strconv.Itoa(CountCap+1) + ") AS capped"
	key := query + fmt.Sprint(args...)
	if n, ok := a.counts[key]; ok {
		return n
	}
	var n int64
	if err := a.scan(query, args, &n); err != nil {
		if a.ctx.Err() != nil || (lt.t != nil && !errors.Is(err, context.DeadlineExceeded)) {
			a.err = fmt.Errorf("counting rows of %s: %w", qualified(lt), err)
			return -1
		}
		n = -1
	}
	a.counts[key] = n
	return n
}

// scan runs one read-only query through the Counter, bounded by
// Options.CountTimeout, and scans its row into dst. A query cut by the
// timeout returns an error wrapping context.DeadlineExceeded.
func (a *analyzer) scan(query string, args []any, dst ...any) error {
	ctx := a.ctx
	if a.opts.CountTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.opts.CountTimeout)
		defer cancel()
	}
	err := a.q.QueryRowContext(ctx, query, args...).Scan(dst...)
	if err != nil && ctx.Err() != nil && a.ctx.Err() == nil {
		return fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
	}
	return err
}

// rows counts lt's rows.
func (a *analyzer) rows(lt *liveTable) int64 { return a.countWhere(lt, "") }

// nonNull counts the non-null values of column col of lt.
func (a *analyzer) nonNull(lt *liveTable, col string) int64 {
	return a.countWhere(lt, database.QuoteIdent(col)+" IS NOT NULL")
}

// nulls counts the NULLs of column col of lt.
func (a *analyzer) nulls(lt *liveTable, col string) int64 {
	return a.countWhere(lt, database.QuoteIdent(col)+" IS NULL")
}

// estimate is lt's size for lock warnings: the planner's estimate when
// the model has one, else a capped count.
func (a *analyzer) estimate(lt *liveTable) int64 {
	if a.opts.NoData {
		return -1
	}
	if r := a.byLive[a.cat.key(lt.schema, lt.name)]; r != nil && r.emptied {
		return 0
	}
	if lt.t != nil && lt.t.RowEstimate >= 0 {
		return lt.t.RowEstimate
	}
	return a.rows(lt)
}

// formatCount writes n with thousands separators: 1,234,567.
func formatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// countText describes a capped count: "1,234", "over 1,000,000".
func countText(n int64) string {
	if n > CountCap {
		return "over " + formatCount(CountCap)
	}
	return formatCount(n)
}

// plural picks the singular or plural noun for n.
func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// rowsText is "1 row", "1,234 rows", "over 1,000,000 rows", or "an
// unknown number of rows" when n is -1.
func rowsText(n int64, noun string) string {
	if n < 0 {
		return "an unknown number of " + noun + "s"
	}
	return countText(n) + " " + plural(n, noun, noun+"s")
}

// itsRows is "rows" when n is unknown, else "5 rows".
func itsRows(n int64) string {
	if n < 0 {
		return "rows"
	}
	return rowsText(n, "row")
}

// disp names lt for a message: "name", or "schema"."name" outside the
// default schema.
func (a *analyzer) disp(lt *liveTable) string {
	return a.dispName(lt.schema, lt.name)
}

func (a *analyzer) dispName(schema, name string) string {
	if schema == "" || a.cat.fold(schema) == a.cat.fold(a.cat.defaultSchema()) {
		return database.QuoteIdent(name)
	}
	return database.QuoteIdent(schema) + "." + database.QuoteIdent(name)
}

// relDisp names a relation by its current name.
func (a *analyzer) relDisp(r *rel) string { return a.dispName(r.schema, r.name) }

// quoteList writes names as "a", "b" and "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = database.QuoteIdent(n)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
