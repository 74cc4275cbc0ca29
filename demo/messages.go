package demo

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

type topicRow struct {
	id        string
	authorID  *string
	title     string
	slug      string
	pinned    bool
	createdAt int64
	weight    int
}

type messageRow struct {
	id                  int64
	topicID             string
	parentID            *int64
	authorID            *string
	body                string
	metadata            *string
	createdAt           int64
	editedAt, deletedAt *int64
}

type tagRow struct {
	id        int64
	name      string
	color     string
	createdBy *string
}

type messageMeta struct {
	Client    string         `json:"client"`
	Mentions  []string       `json:"mentions,omitempty"`
	Reactions map[string]int `json:"reactions,omitempty"`
}

// Message ids that get special bodies.
const (
	hostileMessageID = 42
	longMessageID    = 100
)

// topics open every five days from day 20; the last opens after every
// message, so topic_activity shows a topic with no messages. One topic has
// lost its author.
func (g *gen) topics(users []userRow) []topicRow {
	out := make([]topicRow, len(topicTitles))
	for k, title := range topicTitles {
		t := topicRow{
			id: g.uuid(), title: title, slug: slugify(title),
			pinned:    k < 2,
			createdAt: epoch + 20*dayMs + int64(k)*5*dayMs + g.between(0, 8*hourMs),
			weight:    1 + g.r.IntN(10)*g.r.IntN(10),
		}
		if k == len(topicTitles)-1 {
			t.createdAt = epoch + 400*dayMs
		}
		if k != 17 {
			t.authorID = ptr(pick(g, users).id)
		}
		out[k] = t
	}
	return out
}

// slugify keeps letters and digits (any script) and joins words with '-'.
func slugify(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(words, "-")
}

// messages are spread over days 21 to 320 in time order, so ids grow with
// created_at. Almost half reply to a recent message of the same topic,
// which builds reply chains.
func (g *gen) messages(users []userRow, topics []topicRow) []messageRow {
	times := make([]int64, numMessages)
	for i := range times {
		times[i] = g.between(epoch+21*dayMs, epoch+320*dayMs)
	}
	slices.Sort(times)
	byTopic := map[string][]int64{}
	out := make([]messageRow, numMessages)
	for i, at := range times {
		t := g.topicAt(topics, at)
		m := messageRow{id: int64(i + 1), topicID: t.id, body: g.body(int64(i + 1)), createdAt: at}
		if prev := byTopic[t.id]; len(prev) > 0 && g.chance(0.45) {
			m.parentID = ptr(prev[len(prev)-1-g.r.IntN(min(len(prev), 20))])
		}
		byTopic[t.id] = append(byTopic[t.id], m.id)
		if !g.chance(0.01) {
			m.authorID = ptr(users[g.skewed(len(users))].id)
		}
		m.metadata = g.messageMeta(users)
		if g.chance(0.07) {
			m.editedAt = ptr(at + g.between(60_000, 3*hourMs))
		}
		if g.chance(0.02) {
			m.deletedAt = ptr(at + g.between(hourMs, 5*dayMs))
		}
		out[i] = m
	}
	return out
}

// topicAt picks a topic already open at time at, busier topics more often.
func (g *gen) topicAt(topics []topicRow, at int64) topicRow {
	total := 0
	for _, t := range topics {
		if t.createdAt <= at {
			total += t.weight
		}
	}
	n := g.r.IntN(total)
	for _, t := range topics {
		if t.createdAt <= at {
			if n -= t.weight; n < 0 {
				return t
			}
		}
	}
	return topics[0]
}

func (g *gen) body(id int64) string {
	switch id {
	case hostileMessageID:
		return hostileBody
	case longMessageID:
		parts := make([]string, 40)
		for i := range parts {
			parts[i] = g.sentence()
		}
		return strings.Join(parts, "\n")
	}
	return g.sentence()
}

func (g *gen) messageMeta(users []userRow) *string {
	if g.chance(0.3) {
		return nil
	}
	m := messageMeta{Client: pick(g, []string{"web", "ios", "android", "cli"})}
	if g.chance(0.2) {
		m.Mentions = []string{pick(g, users).id}
	}
	if g.chance(0.25) {
		m.Reactions = map[string]int{"👍": 1 + g.r.IntN(9)}
		if g.chance(0.3) {
			m.Reactions["🎉"] = 1 + g.r.IntN(4)
		}
	}
	return ptr(mustJSON(m))
}

// tags are created by the two admins, two by nobody in particular.
func (g *gen) tags(users []userRow) []tagRow {
	out := make([]tagRow, len(tagNames))
	for i, name := range tagNames {
		out[i] = tagRow{id: int64(i + 1), name: name, color: fmt.Sprintf("#%06x", g.r.IntN(1<<24))}
		if i%9 != 4 {
			out[i].createdBy = ptr(users[i%2].id)
		}
	}
	return out
}

// messageTags gives three messages in ten one to three distinct tags.
func (g *gen) messageTags(msgs []messageRow, tags []tagRow) []msgTagRow {
	var out []msgTagRow
	for _, m := range msgs {
		if !g.chance(0.3) {
			continue
		}
		for _, k := range g.r.Perm(len(tags))[:1+g.r.IntN(3)] {
			out = append(out, msgTagRow{m.id, tags[k].id})
		}
	}
	return out
}
