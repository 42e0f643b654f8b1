// Package mixedatomic holds counters, gauges and state holders that are
// updated with sync/atomic functions. Some of them also touch the same
// variables with plain loads and stores.
package mixedatomic
