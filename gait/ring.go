package gait

// ring is a fixed-capacity history of one channel indexed by absolute sample
// number. Only the last len(buf) samples are kept.
type ring struct {
	buf  []float64
	mask int64
}

// newRing holds at least n samples (the capacity is a power of two).
func newRing(n int) ring {
	c := 1
	for c < n {
		c <<= 1
	}
	return ring{buf: make([]float64, c), mask: int64(c - 1)}
}

func (r *ring) set(i int64, v float64) { r.buf[i&r.mask] = v }
func (r *ring) at(i int64) float64     { return r.buf[i&r.mask] }

// copyTo copies samples [from, to) into dst (which must be long enough) and
// returns dst[:to-from].
func (r *ring) copyTo(dst []float64, from, to int64) []float64 {
	dst = dst[:to-from]
	for i := from; i < to; i++ {
		dst[i-from] = r.at(i)
	}
	return dst
}

// medianRing keeps the last few values of a quantity and their median.
type medianRing struct {
	v     [9]float64
	n     int
	next  int
	tmp   [9]float64
	med   float64 // cached median, valid unless dirty
	dirty bool
}

func (m *medianRing) add(x float64) {
	m.v[m.next] = x
	m.next = (m.next + 1) % len(m.v)
	if m.n < len(m.v) {
		m.n++
	}
	m.dirty = true
}

func (m *medianRing) reset() { m.n, m.next = 0, 0 }

// median returns the median of the stored values, or def when empty.
func (m *medianRing) median(def float64) float64 {
	if m.n == 0 {
		return def
	}
	if !m.dirty {
		return m.med
	}
	m.dirty = false
	m.med = m.compute()
	return m.med
}

func (m *medianRing) compute() float64 {
	t := m.tmp[:m.n]
	copy(t, m.v[:m.n])
	// insertion sort: at most 9 values
	for i := 1; i < len(t); i++ {
		for j := i; j > 0 && t[j] < t[j-1]; j-- {
			t[j], t[j-1] = t[j-1], t[j]
		}
	}
	if m.n%2 == 1 {
		return t[m.n/2]
	}
	return (t[m.n/2-1] + t[m.n/2]) / 2
}
