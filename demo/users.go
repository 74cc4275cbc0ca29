package demo

import (
	"fmt"
	"strings"
)

type userRow struct {
	id, email, name string
	bio, avatar     *string
	settings, role  string
	createdAt       int64
	updatedAt       *int64
}

type instanceRow struct {
	id, userID, extensionID, name, version, config string
	enabled                                        bool
	installedAt                                    int64
}

type commentRow struct {
	id, instanceID string
	userID         *string
	body           string
	rating         *int
	createdAt      int64
}

type userSettings struct {
	Theme         string `json:"theme"`
	Locale        string `json:"locale"`
	Notifications struct {
		Email bool `json:"email"`
		Push  bool `json:"push"`
	} `json:"notifications"`
}

func ptr[T any](v T) *T { return &v }

// users are created over the demo's first 19 days; the first two are
// admins, the next four moderators. One has an empty bio, a quarter none.
func (g *gen) users() []userRow {
	out := make([]userRow, 0, numUsers)
	seen := map[string]bool{}
	for len(out) < numUsers {
		first, last := pick(g, firstNames), pick(g, lastNames)
		handle := first.ascii + "." + last.ascii
		if seen[handle] {
			continue
		}
		seen[handle] = true
		u := userRow{
			id:        g.uuid(),
			email:     handle + "@" + pick(g, []string{"example.com", "example.org", "mail.example.net"}),
			name:      first.display + " " + last.display,
			settings:  g.settings(),
			role:      roleOf(len(out)),
			createdAt: epoch + int64(len(out))*9*hourMs + g.between(0, hourMs),
		}
		if len(out)%17 == 3 {
			// Mixed case shows why the lower(email) index exists.
			u.email = strings.ToUpper(u.email[:1]) + u.email[1:]
		}
		u.bio, u.avatar = g.bio(len(out)), g.avatar(handle)
		if g.chance(0.3) {
			u.updatedAt = ptr(u.createdAt + g.between(dayMs, 60*dayMs))
		}
		out = append(out, u)
	}
	return out
}

func roleOf(i int) string {
	switch {
	case i < 2:
		return "admin"
	case i < 6:
		return "moderator"
	}
	return "member"
}

func (g *gen) bio(i int) *string {
	switch {
	case i == 7:
		return ptr("")
	case g.chance(0.25):
		return nil
	}
	return ptr(pick(g, bios))
}

func (g *gen) avatar(handle string) *string {
	if g.chance(0.4) {
		return nil
	}
	return ptr("https://avatars.example.com/" + handle + ".png")
}

func (g *gen) settings() string {
	if g.chance(0.1) {
		return "{}"
	}
	var s userSettings
	s.Theme, s.Locale = pick(g, themes), pick(g, locales)
	s.Notifications.Email, s.Notifications.Push = g.chance(0.7), g.chance(0.4)
	return mustJSON(s)
}

// skewed picks an index in [0, n) favouring low ones, so some users are
// much more active than others.
func (g *gen) skewed(n int) int {
	f := g.r.Float64()
	return int(float64(n) * f * f)
}

// instances installs plugins, several per active user; a user's instances
// have distinct names, as the UNIQUE constraint demands.
func (g *gen) instances(users []userRow) []instanceRow {
	out := make([]instanceRow, 0, numInstances)
	names := map[string]bool{}
	for range numInstances {
		u := users[g.skewed(len(users))]
		ext := pick(g, extensions)
		name := ext.name
		for n := 2; names[u.id+"\x00"+name]; n++ {
			name = fmt.Sprintf("%s (%d)", ext.name, n)
		}
		names[u.id+"\x00"+name] = true
		out = append(out, instanceRow{
			id: g.uuid(), userID: u.id, extensionID: ext.id, name: name,
			version:     pick(g, ext.versions),
			config:      g.config(ext.id),
			enabled:     g.chance(0.9),
			installedAt: g.between(u.createdAt, epoch+300*dayMs),
		})
	}
	return out
}

func (g *gen) config(extID string) string {
	if g.chance(0.15) {
		return "{}"
	}
	c := map[string]any{
		"refreshMinutes": 5 * (1 + g.r.IntN(12)),
		"channel":        pick(g, []string{"#general", "#dev", "#random", "#support"}),
	}
	switch extID {
	case "github", "linear":
		c["repos"] = []string{"studio/app", "studio/plugins"}[:1+g.r.IntN(2)]
	case "weather":
		c["city"] = pick(g, []string{"Lisbon", "Zürich", "São Paulo", "東京"})
		c["units"] = "metric"
	case "summarize":
		c["model"] = nil
	}
	return mustJSON(c)
}

// comments are written after the instance they are about; a few have lost
// their author, a third have no rating.
func (g *gen) comments(users []userRow, insts []instanceRow) []commentRow {
	out := make([]commentRow, 0, numComments)
	ratings := []int{5, 5, 5, 4, 4, 3, 2, 1}
	for range numComments {
		in := pick(g, insts)
		c := commentRow{
			id: g.uuid(), instanceID: in.id,
			body:      pick(g, commentBodies),
			createdAt: g.between(in.installedAt, in.installedAt+60*dayMs),
		}
		if !g.chance(0.04) {
			c.userID = ptr(pick(g, users).id)
		}
		if !g.chance(0.35) {
			c.rating = ptr(pick(g, ratings))
		}
		if g.chance(0.3) {
			c.body += " " + g.sentence()
		}
		out = append(out, c)
	}
	return out
}
