package demo

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"time"
)

// How much the demo holds.
const (
	numUsers     = 50
	numInstances = 200
	numComments  = 500
	numMessages  = 5000
)

// epoch is the demo's day zero, 2025-01-06T09:00:00Z in Unix ms; all times
// are fixed offsets from it so the same data comes out on every machine.
const epoch int64 = 1736154000000

const (
	hourMs = int64(time.Hour / time.Millisecond)
	dayMs  = 24 * hourMs
)

// gen produces the demo rows from a fixed seed.
type gen struct {
	r *rand.Rand
}

func newGen() *gen {
	return &gen{r: rand.New(rand.NewPCG(0x5eed, 0xdec0de))}
}

// uuid is a version 4 UUID drawn from the generator, not from the system,
// so ids are the same on every run.
func (g *gen) uuid() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], g.r.Uint64())
	binary.LittleEndian.PutUint64(b[8:], g.r.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// chance is true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between is a time in [from, to).
func (g *gen) between(from, to int64) int64 {
	if to <= from {
		return from
	}
	return from + g.r.Int64N(to-from)
}

// mustJSON encodes values built by the generator itself, which always
// encode.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("demo: encoding generated JSON: " + err.Error())
	}
	return string(b)
}

// sentence is a message body: one to three sentences from the word lists.
func (g *gen) sentence() string {
	n := 1 + g.r.IntN(3)
	parts := make([]string, 0, n)
	for range n {
		if g.chance(0.25) {
			parts = append(parts, pick(g, followUps))
			continue
		}
		parts = append(parts, pick(g, openers)+" "+pick(g, subjects)+pick(g, endings))
	}
	sep := " "
	if g.chance(0.1) {
		sep = "\n\n"
	}
	return strings.Join(parts, sep)
}
