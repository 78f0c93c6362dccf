/// A stack the JSON parser collects array elements and object members on,
/// so that each finished array or object is moved into an array of exactly
/// the right size: one allocation per container instead of one per growth
/// step, and no reference counting for the moves.
struct ScratchStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Number of elements on the stack.
    private(set) var count = 0

    /// True when the stack holds nothing.
    var isEmpty: Bool { count == 0 }

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 1)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// The element at `position` (below ``count``).
    @inline(__always)
    subscript(position: Int) -> Element {
        _read { yield base[position] }
    }

    /// Moves the top element out. The stack must not be empty.
    @inline(__always)
    mutating func popLast() -> Element {
        count -= 1
        return (base + count).move()
    }

    /// Moves the elements from `start` to the top into a new array, leaving
    /// `start` elements on the stack.
    mutating func popArray(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0 else { return [] }
        count = start
        // `reserveCapacity` + `append(contentsOf:)` is specialized for the
        // element type; `Array(unsafeUninitializedCapacity:)` goes through a
        // non-inlinable runtime path that looks the array type up every call.
        var array: [Element] = []
        array.reserveCapacity(moved)
        array.append(contentsOf: MovingElements(base: base + start, count: moved))
        return array
    }

    /// Discards the elements from `start` to the top.
    mutating func drop(from start: Int) {
        (base + start).deinitialize(count: count - start)
        count = start
    }

    private mutating func grow() {
        let larger = capacity * 2
        let moved = UnsafeMutablePointer<Element>.allocate(capacity: larger)
        moved.moveInitialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }
}

/// Elements moved out of memory one by one (left uninitialized), so that an
/// array can take them without reference counting. Must be iterated to the end.
private struct MovingElements<Element>: Sequence, IteratorProtocol {
    let base: UnsafeMutablePointer<Element>
    let count: Int
    private var position = 0

    init(base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.count = count
    }

    var underestimatedCount: Int { count - position }

    mutating func next() -> Element? {
        guard position < count else { return nil }
        defer { position += 1 }
        return (base + position).move()
    }
}
