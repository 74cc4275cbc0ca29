package demo

import (
	"cmp"
	"slices"
)

type auditRow struct {
	at             int64
	actorID        *string
	action, entity string
	entityID       string
	details        *string
}

// audit records sign-ups, plugin installs, topics and message deletions in
// time order, so AUTOINCREMENT ids grow with time as in a real log.
func audit(d *dataset) []auditRow {
	var out []auditRow
	for _, u := range d.users {
		out = append(out, auditRow{u.createdAt, ptr(u.id), "user.signup", "users", u.id, nil})
	}
	for _, in := range d.instances {
		det := mustJSON(map[string]string{"extension": in.extensionID, "version": in.version})
		out = append(out, auditRow{in.installedAt, ptr(in.userID), "extension.install", "extension_instances", in.id, &det})
	}
	for _, t := range d.topics {
		out = append(out, auditRow{t.createdAt, t.authorID, "topic.create", "topics", t.id, nil})
	}
	for _, m := range d.messages {
		if m.deletedAt != nil {
			det := `{"reason":"author request"}`
			out = append(out, auditRow{*m.deletedAt, m.authorID, "message.delete", "messages", itoa(m.id), &det})
		}
	}
	slices.SortStableFunc(out, func(a, b auditRow) int { return cmp.Compare(a.at, b.at) })
	return out
}
