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

// put writes v in slot j, sample i's slot i & mask: the per-sample path
// masks a sample's index once for all its rings, which have one capacity.
func (r *ring) put(j int64, v float64) { r.buf[j] = v }
func (r *ring) at(i int64) float64     { return r.buf[i&r.mask] }

// block returns samples [i, i+n) as a slice of the buffer itself, for n a
// power of two no larger than the buffer and i a multiple of n: such a
// block does not wrap.
func (r *ring) block(i, n int64) []float64 {
	j := i & r.mask
	return r.buf[j : j+n]
}

// sum adds x in four partial sums (independent additions, not one chain):
// s0 takes x[0], x[4], x[8] … and the tail past the last whole group of
// four, s1 x[1], x[5] … The loop takes x four at a time off its front, so
// that its loads need no bounds checks.
func sum(x []float64) float64 {
	var s0, s1, s2, s3 float64
	for len(x) >= 4 {
		s0 += x[0]
		s1 += x[1]
		s2 += x[2]
		s3 += x[3]
		x = x[4:]
	}
	for _, v := range x {
		s0 += v
	}
	return s0 + s1 + s2 + s3
}

// view returns samples [from, to) as one slice: the buffer itself when
// they do not wrap around its end (to − from ≤ len(buf); an empty slice
// when to ≤ from), else a copy in dst (which must be long enough; see
// copyTo). The buffer's slice aliases the ring: it must not be written,
// and it holds the samples only until the ring overwrites them. A loop
// over it does the same arithmetic as one over at(from) … at(to−1),
// without the index masking and bounds check of each read. (Small enough
// to be inlined: a call cost as much as a short window's mean.)
func (r *ring) view(dst []float64, from, to int64) []float64 {
	j := from & r.mask
	k := j + max(to-from, 0)
	if k > int64(len(r.buf)) {
		return r.copyTo(dst, from, to)
	}
	return r.buf[j:k]
}

// copyTo copies samples [from, to) into dst (which must be long enough) and
// returns dst[:to-from]: at most two block copies, the part before the
// buffer's end and the part after it wraps.
func (r *ring) copyTo(dst []float64, from, to int64) []float64 {
	dst = dst[:to-from]
	j := from & r.mask
	n := copy(dst, r.buf[j:])
	copy(dst[n:], r.buf)
	return dst
}

// medianRing keeps the last few values of a quantity and their median. It
// also keeps them sorted, updated in O(n) per add, so the median is O(1).
type medianRing struct {
	v      [9]float64 // in arrival order (ring)
	sorted [9]float64 // the same values, ascending
	n      int
	next   int
}

func (m *medianRing) add(x float64) {
	const n = len(m.v)
	s := &m.sorted
	next := m.next
	if m.n == n {
		// full: x takes the oldest value's place in the sorted copy and
		// moves to its rank (one pass, no shifting of the whole tail;
		// the loops bounded by the constant n, without bounds checks)
		old := m.v[next]
		j := 0
		for j < n-1 && s[j] != old {
			j++
		}
		if j > 0 && s[j-1] > x {
			// down (then not up: the value moved up past j is over x)
			s[j] = s[j-1]
			j--
			for j > 0 && s[j-1] > x {
				s[j] = s[j-1]
				j--
			}
		} else {
			for j < n-1 && s[j+1] < x {
				s[j] = s[j+1]
				j++
			}
		}
		s[j] = x
	} else {
		// insert x into the sorted copy
		j := m.n
		for j > 0 && s[j-1] > x {
			s[j] = s[j-1]
			j--
		}
		s[j] = x
		m.n++
	}
	m.v[next] = x
	// (next+1) mod n, without the division
	if next++; next == n {
		next = 0
	}
	m.next = next
}

func (m *medianRing) reset() { m.n, m.next = 0, 0 }

// scale multiplies the values held by r > 0 (their order is kept).
func (m *medianRing) scale(r float64) {
	for i := range m.n {
		m.v[i] *= r
		m.sorted[i] *= r
	}
}

// toward moves the values held toward a by the factor r > 0: v → a + r·(v − a)
// (their order is kept).
func (m *medianRing) toward(a, r float64) {
	for i := range m.n {
		m.v[i] = a + r*(m.v[i]-a)
		m.sorted[i] = a + r*(m.sorted[i]-a)
	}
}

// median returns the median of the stored values, or def when empty.
func (m *medianRing) median(def float64) float64 {
	switch {
	case m.n == 0:
		return def
	case m.n&1 == 1: // (odd: n ≥ 0)
		return m.sorted[m.n/2]
	}
	return (m.sorted[m.n/2-1] + m.sorted[m.n/2]) / 2
}
