/// Something watched by an event loop's epoll set: a connection or a listener.
/// Called on the loop thread only.
protocol EventSource: AnyObject {
    /// The descriptor is ready; `events` holds the `EPOLL*` bits.
    func handleEvents(_ events: UInt32)
    /// The loop is stopping with this still registered: close it.
    func closeWhenLoopStops()
}
