public import NIOCore

/// What a client connection's handler waits for: the TLS handshake, then one reply per request
/// in request order, each under a time-out. The connection's first error fails everything still
/// waiting, and every request after it; a time-out fails everything and closes the connection.
/// Kept by a handler and used on its channel's event loop only.
///
/// Time-outs cost no timer per request: one check is scheduled for the earliest deadline and,
/// when it runs with that request already answered, moves on to the next waiting one.
public final class PendingReplies<Reply: Sendable, Failure: Error> {
    private let timeoutError: (TimeAmount) -> Failure
    private var handshake: EventLoopPromise<Void>?
    private var waiting = CircularBuffer<(promise: EventLoopPromise<Reply>, deadline: NIODeadline, timeout: TimeAmount)>()
    /// The scheduled time-out check and when it runs.
    private var check: (task: Scheduled<Void>, at: NIODeadline)?
    /// The error that ended the connection, if one has.
    private var failure: Failure?

    /// Without TLS (`secured` false) there is no handshake to wait for: `handshake` succeeds
    /// at once. `timeoutError` says why a request failed when no reply came within its
    /// time-out (given).
    public init(handshake: EventLoopPromise<Void>, secured: Bool, timeoutError: @escaping (TimeAmount) -> Failure) {
        self.timeoutError = timeoutError
        if secured {
            self.handshake = handshake
        } else {
            handshake.succeed()
        }
    }

    /// Whether no reply is awaited.
    public var isEmpty: Bool { waiting.isEmpty }

    /// Settles the handshake when `event` is the TLS handler's handshake-completed event.
    public func observe(_ event: Any) {
        if case .handshakeCompleted? = event as? TLSEvent {
            handshake?.succeed()
            handshake = nil
        }
    }

    /// Awaits a reply on `channel` for `promise` for at most `timeout`. After a failure
    /// `promise` fails at once and the result is false: send nothing.
    public func add(_ promise: EventLoopPromise<Reply>, timeout: TimeAmount, on channel: any Channel) -> Bool {
        if let failure {
            promise.fail(failure)
            return false
        }
        let deadline = NIODeadline.now() + timeout
        waiting.append((promise, deadline, timeout))
        if check.map({ deadline < $0.at }) ?? true {
            check?.task.cancel()
            scheduleCheck(at: deadline, on: channel)
        }
        return true
    }

    /// At `deadline`: fails everything and closes `channel` when a waiting request is overdue,
    /// else checks again at the earliest deadline still waiting.
    private func scheduleCheck(at deadline: NIODeadline, on channel: any Channel) {
        let replies = NIOLoopBound(self, eventLoop: channel.eventLoop)
        let task = channel.eventLoop.scheduleTask(deadline: deadline) {
            let replies = replies.value
            replies.check = nil
            let now = NIODeadline.now()
            if let late = replies.waiting.first(where: { $0.deadline <= now }) {
                replies.failAll(replies.timeoutError(late.timeout))
                channel.close(promise: nil)
            } else if let next = replies.waiting.map(\.deadline).min() {
                replies.scheduleCheck(at: next, on: channel)
            }
        }
        check = (task, deadline)
    }

    /// Completes the oldest waiting request with `reply`; false when none is waiting.
    public func succeedNext(_ reply: Reply) -> Bool {
        guard let oldest = waiting.popFirst() else { return false }
        oldest.promise.succeed(reply)
        return true
    }

    /// Fails the handshake and every waiting request with `error`, which is remembered (the
    /// first one only) for the requests that come later.
    public func failAll(_ error: Failure) {
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

@available(*, unavailable)
extension PendingReplies: Sendable {}
