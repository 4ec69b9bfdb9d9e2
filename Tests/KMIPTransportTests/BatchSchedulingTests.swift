import Glibc
import KMIPTransport
import NIOCore
import NIOPosix
import Testing

@Suite struct BatchSchedulingTests {
    /// Every thread of the group runs under SCHED_BATCH (3) afterwards; before, under the
    /// policy it inherited (normally SCHED_OTHER).
    @Test func appliesToEveryLoopOfTheGroup() async throws {
        let inherited = sched_getscheduler(0)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        func policies() async throws -> [Int32] {
            var policies: [Int32] = []
            for eventLoop in group.makeIterator() { policies.append(try await eventLoop.submit { sched_getscheduler(0) }.get()) }
            return policies
        }
        #expect(try await policies() == [inherited, inherited])
        try await BatchScheduling.apply(to: group)
        #expect(try await policies() == [3, 3])
        try await group.shutdownGracefully()
    }
}
