import Foundation
import KMIPHarness
import TTLV
import TTLVText

/// The package root, from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/kmip-vectors` beside the package root.
let vectorsRoot = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/kmip-vectors")

/// A recorded exchange written in the vector XML format, read the way the harness reads files.
struct Recording {
    let marks = PlaceholderMarks()
    let file: VectorFile

    /// `body`: RequestMessage/ResponseMessage elements, without the `<KMIP>` root.
    init(_ body: String) throws {
        let items = try TTLVXML.decodeDocument(Array("<KMIP>\(body)</KMIP>".utf8), options: TTLVTextOptions(placeholders: marks.policy))
        file = try VectorFile(path: "test.xml", items: items)
    }

    var comparator: ResponseComparator { ResponseComparator(marks: marks) }
    var binder: RequestBinder { RequestBinder(marks: marks) }

    /// Binds step `index`'s request and compares `response` (XML, no placeholders) with its recording.
    func check(step index: Int, response: String, bindings: inout Bindings, now: Int64 = 1_700_000_000) throws -> Mismatch? {
        let step = file.steps[index]
        let request = try binder.bind(step.request, bindings: &bindings, serverNow: now).get()
        let actual = try TTLVXML.decode(Array(response.utf8))
        return comparator.compare(expected: step.expected, actual: actual, request: request, bindings: &bindings)
    }
}

/// A request message of protocol 2.1 with one batch item.
func request(_ operation: String, _ payload: String) -> String {
    """
    <RequestMessage><RequestHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion>
    <BatchCount type="Integer" value="1"/></RequestHeader>
    <BatchItem><Operation type="Enumeration" value="\(operation)"/><RequestPayload>\(payload)</RequestPayload></BatchItem></RequestMessage>
    """
}

/// A response message of protocol 2.1 with one batch item; `time` is the Time Stamp text.
func response(_ operation: String, status: String = "Success", extra: String = "", _ payload: String?, time: String = "2023-11-14T22:13:20+00:00", header: String = "") -> String {
    """
    <ResponseMessage><ResponseHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion>
    <TimeStamp type="DateTime" value="\(time)"/>\(header)<BatchCount type="Integer" value="1"/></ResponseHeader>
    <BatchItem><Operation type="Enumeration" value="\(operation)"/><ResultStatus type="Enumeration" value="\(status)"/>\(extra)
    \(payload.map { "<ResponsePayload>\($0)</ResponsePayload>" } ?? "")</BatchItem></ResponseMessage>
    """
}

func uid(_ value: String) -> String { "<UniqueIdentifier type=\"TextString\" value=\"\(value)\"/>" }
