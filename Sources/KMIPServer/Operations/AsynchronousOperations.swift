import KMIP
import KMIPSpec

/// Poll and Cancel. Every operation here
/// completes synchronously, so no Asynchronous Correlation Value ever names a pending
/// operation: both answer Invalid Asynchronous Correlation Value.
enum AsynchronousOperations {
    static var all: [Operation: OperationHandler] {
        [.poll: noPendingOperation, .cancel: noPendingOperation]
    }

    static let noPendingOperation: OperationHandler = { request, _ in
        guard request is PollRequest || request is CancelRequest else { throw OperationError(.invalidMessage, "the payload is not a Poll or Cancel request") }
        throw OperationError(.invalidAsynchronousCorrelationValue, "no asynchronous operation has that correlation value; this server answers every request at once")
    }
}
