/// Keeps the optimiser from discarding a benchmark's result.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
