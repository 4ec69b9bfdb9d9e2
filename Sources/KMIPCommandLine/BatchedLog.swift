import Dispatch
import Foundation
import Synchronization

/// The serve log: lines gathered and written to standard output together, at most
/// `delay` after the first of them (or at once past 64 KiB), so that a busy server spends
/// one `write(2)` on many requests rather than one each. `flush()` writes what is waiting;
/// call it before a line that must come after them and before exiting.
final class BatchedLog: Sendable {
    private let delay: DispatchTimeInterval
    /// Lines not yet written, and whether a flush is scheduled for them.
    private let waiting = Mutex((text: [UInt8](), scheduled: false))
    /// Held while writing, so that batches reach the file in order.
    private let writing = Mutex(())

    init(delay: DispatchTimeInterval = .milliseconds(20)) {
        self.delay = delay
    }

    func write(_ line: String) {
        let (schedule, full) = waiting.withLock { waiting in
            waiting.text.append(contentsOf: line.utf8)
            waiting.text.append(UInt8(ascii: "\n"))
            defer { waiting.scheduled = true }
            return (!waiting.scheduled, waiting.text.count >= 64 << 10)
        }
        if full {
            flush()
        } else if schedule {
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in flush() }
        }
    }

    func flush() {
        writing.withLock { _ in
            let text = waiting.withLock { waiting in
                defer { waiting = ([], false) }
                return waiting.text
            }
            _ = text.withUnsafeBytes { writeAll($0, to: STDOUT_FILENO) }
        }
    }
}
