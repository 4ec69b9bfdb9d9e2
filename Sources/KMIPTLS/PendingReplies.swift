public import NIOCore

/// What a client connection's handler waits for: the TLS handshake, then one reply per request
/// in request order, each under a time-out. The connection's first error fails everything still
/// waiting, and every request after it. Kept by a handler and used on its event loop only.
///
/// Time-outs cost no timer per request: one check is scheduled for the earliest deadline and,
/// when it runs with that request already answered, moves on to the next waiting one.
public struct PendingReplies<Reply: Sendable, Failure: Error> {
    private var handshake: EventLoopPromise<Void>?
    private var waiting = CircularBuffer<(promise: EventLoopPromise<Reply>, deadline: NIODeadline, timeout: TimeAmount)>()
    /// The scheduled time-out check and when it runs.
    private var check: (task: Scheduled<Void>, at: NIODeadline)?
    /// The error that ended the connection, if one has.
    private var failure: Failure?

    /// Without TLS (`secured` false) there is no handshake to wait for: `handshake` succeeds
    /// at once.
    public init(handshake: EventLoopPromise<Void>, secured: Bool) {
        if secured {
            self.handshake = handshake
        } else {
            handshake.succeed()
        }
    }

    /// Whether no reply is awaited.
    public var isEmpty: Bool { waiting.isEmpty }

    /// Settles the handshake when `event` is the TLS handler's handshake-completed event.
    public mutating func observe(_ event: Any) {
        if case .handshakeCompleted? = event as? TLSEvent {
            handshake?.succeed()
            handshake = nil
        }
    }

    /// Awaits a reply for `promise` for at most `timeout`. `schedule` runs the handler's
    /// time-out check (which calls `overdue`) at a given time, when no earlier check is
    /// pending. After a failure `promise` fails at once and the result is false: send nothing.
    public mutating func add(_ promise: EventLoopPromise<Reply>, timeout: TimeAmount, schedule: (NIODeadline) -> Scheduled<Void>) -> Bool {
        if let failure {
            promise.fail(failure)
            return false
        }
        let deadline = NIODeadline.now() + timeout
        waiting.append((promise, deadline, timeout))
        if check.map({ deadline < $0.at }) ?? true {
            check?.task.cancel()
            check = (schedule(deadline), deadline)
        }
        return true
    }

    /// The time-out check: the time-out of a waiting request whose deadline has passed (the
    /// handler then fails everything and closes), or nil after scheduling the next check.
    public mutating func overdue(schedule: (NIODeadline) -> Scheduled<Void>) -> TimeAmount? {
        check = nil
        let now = NIODeadline.now()
        if let late = waiting.first(where: { $0.deadline <= now }) { return late.timeout }
        if let next = waiting.map(\.deadline).min() { check = (schedule(next), next) }
        return nil
    }

    /// Completes the oldest waiting request with `reply`; false when none is waiting.
    public mutating func succeedNext(_ reply: Reply) -> Bool {
        guard let oldest = waiting.popFirst() else { return false }
        oldest.promise.succeed(reply)
        return true
    }

    /// Fails the handshake and every waiting request with `error`, which is remembered (the
    /// first one only) for the requests that come later.
    public mutating func failAll(_ error: Failure) {
        if failure == nil { failure = error }
        handshake?.fail(error)
        handshake = nil
        check?.task.cancel()
        check = nil
        let pending = waiting
        waiting.removeAll()
        for waiting in pending { waiting.promise.fail(error) }
    }
}
