// Package doublecheck holds lazily initialized clients, registries, caches
// and HTTP handlers. Some guard their initialization with a plain check
// made outside the lock or sync.Once that orders it.
package doublecheck
