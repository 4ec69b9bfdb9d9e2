import KMIPSpec
public import TTLV
import TTLVText

/// The first place where a response differs from the recording beyond the permitted
/// variations, or why a step could not be run.
public struct Mismatch: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// A value differs (a wrong Result Status is one).
        case valueDiffers
        /// The recording has a field the response lacks.
        case missingField
        /// The response has a field the recording does not, and no rule allows it.
        case unexpectedField
        /// Same tag, different item type.
        case typeDiffers
        /// A placeholder's value is not the one it was bound to, or two identifier
        /// placeholders got the same value.
        case placeholderConflict
        /// A request uses a placeholder that no response has bound.
        case unboundPlaceholder
        /// The request could not be built.
        case requestError
        /// No response came (connection closed, time-out, unreadable frame).
        case noResponse
    }

    public var kind: Kind
    /// Where: element names from the message down, `BatchItem[2]` for repeated tags.
    public var path: [String]
    public var reason: String
    /// The recorded item at `path` (nil when the response has an extra field).
    public var expected: TTLVItem?
    /// The server's item at `path` (nil when missing).
    public var actual: TTLVItem?
    /// The step (0-based request/response pair) it happened in; set by the runner.
    public var step: Int?

    public init(_ kind: Kind, path: [String], reason: String, expected: TTLVItem?, actual: TTLVItem?) {
        self.kind = kind
        self.path = path
        self.reason = reason
        self.expected = expected
        self.actual = actual
    }

    /// One line: step, path and reason.
    public var description: String {
        (step.map { "step \($0): " } ?? "") + path.joined(separator: "/") + ": " + reason
    }

    /// The recorded and the received item at the mismatch, as TTLV trees (secrets redacted).
    public var diff: String {
        var out = "--- expected (recording)\n"
        out += expected.map { indent(TTLVTree.render($0)) } ?? "    (nothing)\n"
        out += "+++ received (server)\n"
        out += actual.map { indent(TTLVTree.render($0)) } ?? "    (nothing)\n"
        return out
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    }

    /// The path element for `child` at `index` among `siblings`: its tag name, with a
    /// 1-based position when the tag repeats.
    static func step(_ child: TTLVItem, index: Int, in siblings: [TTLVItem]) -> String {
        let same = siblings.filter { $0.tag == child.tag }
        guard same.count > 1 else { return child.tag.description }
        let position = siblings[..<index].filter { $0.tag == child.tag }.count + 1
        return "\(child.tag.description)[\(position)]"
    }
}
