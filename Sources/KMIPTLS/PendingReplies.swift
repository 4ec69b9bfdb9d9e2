public import NIOCore

/// What a client connection's handler waits for: the TLS handshake, then one reply per request
/// in request order, each under a time-out. The connection's first error fails everything still
/// waiting, and every request after it. Kept by a handler and used on its event loop only.
public struct PendingReplies<Reply: Sendable, Failure: Error> {
    private var handshake: EventLoopPromise<Void>?
    private var waiting: [(promise: EventLoopPromise<Reply>, timer: Scheduled<Void>)] = []
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

    /// Awaits a reply for `promise` under the time-out `timer` makes. After a failure
    /// `promise` fails at once, no timer is made, and the result is false: send nothing.
    public mutating func add(_ promise: EventLoopPromise<Reply>, timer makeTimer: () -> Scheduled<Void>) -> Bool {
        if let failure {
            promise.fail(failure)
            return false
        }
        waiting.append((promise, makeTimer()))
        return true
    }

    /// Completes the oldest waiting request with `reply`; false when none is waiting.
    public mutating func succeedNext(_ reply: Reply) -> Bool {
        guard !waiting.isEmpty else { return false }
        let (promise, timer) = waiting.removeFirst()
        timer.cancel()
        promise.succeed(reply)
        return true
    }

    /// Fails the handshake and every waiting request with `error`, which is remembered (the
    /// first one only) for the requests that come later.
    public mutating func failAll(_ error: Failure) {
        if failure == nil { failure = error }
        handshake?.fail(error)
        handshake = nil
        let pending = waiting
        waiting = []
        for (promise, timer) in pending {
            timer.cancel()
            promise.fail(error)
        }
    }
}
