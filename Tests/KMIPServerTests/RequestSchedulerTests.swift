import NIOCore
import NIOPosix
import Testing
@testable import KMIPServer

@Suite struct RequestSchedulerTests {
    private final class Served {
        var names: [String] = []
    }

    /// Work queued in one pass of the loop runs after it, the connection served longest ago
    /// first (never served: first of all); one connection's work keeps its order.
    @Test func leastRecentlyServedGoesFirst() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let served = try await loop.submit {
            let scheduler = RequestScheduler(eventLoop: loop)
            let served = Served()
            for (turn, name) in [(5, "a1"), (0, "new"), (3, "b"), (5, "a2"), (0, "new2"), (4, "c")] {
                scheduler.submit(turn: UInt64(turn)) { served.names.append(name) }
            }
            #expect(served.names.isEmpty, "nothing runs before the pass ends")
            return NIOLoopBound(served, eventLoop: loop)
        }.flatMap { served in
            loop.submit { served.value.names }
        }.get()
        #expect(served == ["new", "new2", "b", "c", "a1", "a2"])
        try await group.shutdownGracefully()
    }

    /// Each connection served takes the next turn, so the one served last goes last next time.
    @Test func turnsCount() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let turns = try await loop.submit {
            let scheduler = RequestScheduler(eventLoop: loop)
            return [scheduler.nextTurn(), scheduler.nextTurn(), scheduler.nextTurn()]
        }.get()
        #expect(turns == [1, 2, 3])
        try await group.shutdownGracefully()
    }
}
