import KMIP
import KMIPSpec

/// Log (KMIP 2.0+): the client's message goes into the server's request log, on one line and
/// at most 200 characters.
enum LogOperation {
    static let log: OperationHandler = { request, context in
        let message = try StandardOperations.payload(request, as: LogRequest.self).logMessage
        let line = String(message.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) }.prefix(200))
        context.notes.append("client log: \(line)")
        return LogResponse()
    }
}
