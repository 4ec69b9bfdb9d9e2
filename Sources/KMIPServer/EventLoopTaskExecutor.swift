import NIOCore

/// Runs a task's jobs on a NIO event loop: a request is served on the thread that read it,
/// with no hop to Swift's global pool and back (actors without an executor of their own, such
/// as the object stores, run there too). On a small machine those hops cost more than the work.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
