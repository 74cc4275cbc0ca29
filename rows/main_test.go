package rows_test

import (
	"testing"

	"studio/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
