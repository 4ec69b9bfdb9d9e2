public import NIOCore

/// Runs a task's jobs on a NIO event loop, with no hop to Swift's global pool and back: the
/// server serves a request on the thread that read it, and a client task that prefers its
/// connection's loop writes and reads there. On a small machine those hops cost more than the
/// work.
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
