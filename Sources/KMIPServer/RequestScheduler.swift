import NIOCore
import Synchronization

/// The order in which an event loop serves the requests it has read: every request read in
/// one pass over the ready sockets is served after that pass, the connection served longest
/// ago first (its requests in the order they came).
///
/// Serving them as they are read would follow the order in which epoll reports sockets, and
/// a level-triggered epoll keeps reporting the sockets it has reported before ahead of one
/// that became readable later. With every connection busy, the connection served last in a
/// pass sends its next request just after the next pass began; it then waited for that whole
/// pass and, served last again, for most of the one after: one request in every pass took
/// two passes (at 16 connections, p99 about twice p50). Least recently served first makes the
/// passes a round robin.
///
/// The responses of a batch go out after the whole batch has been served, not one by one
/// between requests: all are encrypted (TLS records), then all are flushed to their sockets.
/// Each socket write runs the receiving side's TCP and wakes the reader, and done between
/// requests it cools the caches the next request's work needs. Served first and then written
/// together, a batch took 30-40 % less server CPU per request (16 connections: Get 60 µs
/// rather than 90, Create 95-130 rather than 150-180), and the client is woken once for
/// several answers.
final class RequestScheduler {
    private struct Entry {
        var turn: UInt64
        var arrival: Int
        var work: () -> Void
    }

    private let eventLoop: any EventLoop
    private var waiting: [Entry] = []
    /// The batch being served (kept for its storage).
    private var serving: [Entry] = []
    /// Counts the connections served on this loop; a connection's turn is the count when it
    /// was last served (0: never).
    private var turns: UInt64 = 0
    /// True while a batch is served: responses written then go out after it.
    private var inBatch = false
    /// The responses of this batch, to write when it ends.
    private var unwritten: [(channel: any Channel, response: ByteBuffer, promise: EventLoopPromise<Void>)] = []

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Queues `work` of a connection last served at `turn`; it runs once the loop has read
    /// every socket that was ready.
    func submit(turn: UInt64, _ work: @escaping () -> Void) {
        eventLoop.assertInEventLoop()
        if waiting.isEmpty {
            let scheduler = NIOLoopBound(self, eventLoop: eventLoop)
            eventLoop.execute { scheduler.value.serveWaiting() }
        }
        waiting.append(Entry(turn: turn, arrival: waiting.count, work: work))
    }

    /// The turn to record for a connection being served now.
    func nextTurn() -> UInt64 {
        turns += 1
        return turns
    }

    /// Writes `response` to `channel`: at the end of the batch being served, or now.
    func write(_ response: ByteBuffer, to channel: any Channel, promise: EventLoopPromise<Void>) {
        if inBatch {
            unwritten.append((channel, response, promise))
        } else {
            channel.writeAndFlush(response, promise: promise)
        }
    }

    private func serveWaiting() {
        swap(&waiting, &serving)
        serving.sort { ($0.turn, $0.arrival) < ($1.turn, $1.arrival) }
        inBatch = true
        for entry in serving {
            entry.work()
        }
        inBatch = false
        serving.removeAll(keepingCapacity: true)
        for (channel, response, promise) in unwritten { channel.write(response, promise: promise) }
        for (channel, _, _) in unwritten { channel.flush() }
        unwritten.removeAll(keepingCapacity: true)
    }
}

/// One `RequestScheduler` for each event loop of a server.
final class RequestSchedulers: Sendable {
    private let schedulers = Mutex([ObjectIdentifier: NIOLoopBound<RequestScheduler>]())

    /// The scheduler of `eventLoop` (made on first use; call on that loop).
    func scheduler(for eventLoop: any EventLoop) -> RequestScheduler {
        schedulers.withLock { schedulers in
            let key = ObjectIdentifier(eventLoop)
            if let scheduler = schedulers[key] { return scheduler.value }
            let scheduler = RequestScheduler(eventLoop: eventLoop)
            schedulers[key] = NIOLoopBound(scheduler, eventLoop: eventLoop)
            return scheduler
        }
    }
}
